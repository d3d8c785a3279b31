import { ConfigError, loadConfig } from './config';

const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/shingikai-config-spec' };

describe('operations settings', () => {
  it('defaults: nightly backup at 02:30 Tokyo time outside tests, 14 kept, generous limits', () => {
    const c = loadConfig({ ...base, NODE_ENV: 'development' });
    expect(c.backup).toMatchObject({ schedule: '30 2 * * *', timeZone: 'Asia/Tokyo', keep: 14 });
    expect(c.backup.dir).toBe('/tmp/shingikai-config-spec/backups');
    expect(c.rateLimit).toEqual({
      loginPerMinute: 10,
      apiPerMinute: 3000,
      publicPerMinute: 600,
      publicPdfPerSecond: 40,
    });
    expect(c.adminAllowedIps).toBeNull();
    expect(loadConfig(base).backup.schedule).toBeNull();
  });

  it('refuses a bad schedule, time zone or count with the variable named', () => {
    expect(() => loadConfig({ ...base, BACKUP_SCHEDULE: 'every night' })).toThrow(/BACKUP_SCHEDULE/);
    expect(() => loadConfig({ ...base, BACKUP_SCHEDULE: '0 3 * * *', BACKUP_TIMEZONE: 'Mars/Base' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ ...base, BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
    expect(() => loadConfig({ ...base, LOGIN_RATE_LIMIT: 'many' })).toThrow(/LOGIN_RATE_LIMIT/);
    expect(() => loadConfig({ ...base, PUBLIC_RATE_LIMIT: '0' })).toThrow(/PUBLIC_RATE_LIMIT/);
    expect(loadConfig({ ...base, PUBLIC_RATE_LIMIT: '50' }).rateLimit.publicPerMinute).toBe(50);
    expect(() => loadConfig({ ...base, PUBLIC_PDF_RATE: '0' })).toThrow(/PUBLIC_PDF_RATE/);
    expect(loadConfig({ ...base, PUBLIC_PDF_RATE: '5' }).rateLimit.publicPdfPerSecond).toBe(5);
    expect(loadConfig({ ...base, BACKUP_SCHEDULE: 'off' }).backup.schedule).toBeNull();
  });
});

describe('PUBLIC_BASE_URL', () => {
  it('defaults to this host on PORT, drops a trailing slash and keeps a path', () => {
    expect(loadConfig({ ...base, PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: 'https://Shingikai.example.lg.jp/' }).publicBaseUrl).toBe(
      'https://shingikai.example.lg.jp',
    );
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: 'https://example.lg.jp/council/' }).publicBaseUrl).toBe(
      'https://example.lg.jp/council',
    );
  });

  it('refuses anything but an http(s) address without query, fragment or credentials', () => {
    for (const bad of [
      'example.lg.jp',
      'ftp://example.lg.jp',
      'https://example.lg.jp/?x=1',
      'https://example.lg.jp/#top',
      'https://user:pw@example.lg.jp',
    ])
      expect(() => loadConfig({ ...base, PUBLIC_BASE_URL: bad })).toThrow(/PUBLIC_BASE_URL/);
  });
});

describe('database and mail addresses', () => {
  const pg = 'postgres://owner:pw@db.example:5432/shingikai';

  it('refuses what is not an address of the right kind, naming the variable', () => {
    for (const bad of ['db.example:5432', 'mysql://db.example/x', '::'])
      expect(() => loadConfig({ ...base, DATABASE_URL: bad })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...base, DATABASE_URL: pg, APP_DATABASE_URL: 'not a url' })).toThrow(
      /APP_DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ ...base, DATABASE_URL: pg, APP_DATABASE_URL: 'postgres://db.example/shingikai' }),
    ).toThrow(/APP_DATABASE_URL/);
    expect(() => loadConfig({ ...base, APP_DATABASE_URL: 'postgres://app:pw@db.example/x' })).toThrow(
      /APP_DATABASE_URL/,
    );
    for (const bad of ['mail.example:587', 'http://mail.example', 'smtp://'])
      expect(() => loadConfig({ ...base, SMTP_URL: bad })).toThrow(/SMTP_URL/);
  });

  it('takes them as written when they are', () => {
    const c = loadConfig({
      ...base,
      DATABASE_URL: pg,
      APP_DATABASE_URL: 'postgresql://app:pw@db.example:5432/shingikai',
      SMTP_URL: 'smtps://mail.example:465',
    });
    expect(c.databaseUrl).toBe(pg);
  });
});

describe('EMBEDDED_PG_SHARED_BUFFERS', () => {
  it('is left to the embedded PostgreSQL default when unset, and kept as written when valid', () => {
    expect(loadConfig(base).embeddedPgSharedBuffers).toBeUndefined();
    expect(loadConfig({ ...base, EMBEDDED_PG_SHARED_BUFFERS: '512MB' }).embeddedPgSharedBuffers).toBe(
      '512MB',
    );
  });

  it.each(['512', '1.5GB', '2 GB', '0MB', 'lots'])('refuses %p with the variable named', (value) => {
    expect(() => loadConfig({ ...base, EMBEDDED_PG_SHARED_BUFFERS: value })).toThrow(
      /EMBEDDED_PG_SHARED_BUFFERS/,
    );
  });
});
