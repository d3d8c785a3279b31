import { ConfigError, loadConfig } from './config';

const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/shingikai-config-spec' };

describe('document renderer settings', () => {
  it('defaults: browser started at boot, fonts and Chromium cached under DATA_DIR', () => {
    const c = loadConfig(base);
    expect(c.rendererStart).toBe('boot');
    expect(c.cacheDir).toBe('/tmp/shingikai-config-spec');
  });

  it('takes a shared cache folder and the lazy start', () => {
    const c = loadConfig({ ...base, CACHE_DIR: '/tmp/shared-cache', RENDERER_START: 'lazy' });
    expect([c.cacheDir, c.rendererStart]).toEqual(['/tmp/shared-cache', 'lazy']);
  });

  it('refuses an unknown start mode with the variable named', () => {
    expect(() => loadConfig({ ...base, RENDERER_START: 'later' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, RENDERER_START: 'later' })).toThrow(/RENDERER_START/);
  });
});

describe('render queue settings', () => {
  it('defaults: inline printing; a queue-mode instance also consumes jobs', () => {
    const c = loadConfig(base);
    expect([c.renderMode, c.renderWorker, c.renderQueueTimeoutMs]).toEqual(['inline', true, 140_000]);
    // Two attempts of a job whose consumer died: each expires after 2 × limit + 10 s.
    expect(loadConfig({ ...base, RENDER_TIMEOUT_MS: '10000' }).renderQueueTimeoutMs).toBe(60_000);
  });

  it('takes queue mode without a consumer', () => {
    const c = loadConfig({ ...base, RENDER_MODE: 'queue', RENDER_WORKER: 'off' });
    expect([c.renderMode, c.renderWorker]).toEqual(['queue', false]);
  });

  it('refuses bad values with the variable named', () => {
    expect(() => loadConfig({ ...base, RENDER_MODE: 'remote' })).toThrow(/RENDER_MODE/);
    expect(() => loadConfig({ ...base, RENDER_WORKER: 'maybe' })).toThrow(/RENDER_WORKER/);
    expect(() => loadConfig({ ...base, RENDER_QUEUE_TIMEOUT_MS: '10' })).toThrow(/RENDER_QUEUE_TIMEOUT_MS/);
  });
});
