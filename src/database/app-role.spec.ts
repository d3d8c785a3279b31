import { APP_ROLE, appDatabaseUrl } from './app-role';

describe('appDatabaseUrl', () => {
  const owner = 'postgres://postgres:s%40cret@127.0.0.1:5433/shingikai?host=%2Ftmp';

  it('connects to the same database and socket as the owner, as the application role', () => {
    const url = new URL(appDatabaseUrl(owner));
    expect(url.username).toBe(APP_ROLE);
    expect(`${url.hostname}:${url.port}${url.pathname}${url.search}`).toBe(
      '127.0.0.1:5433/shingikai?host=%2Ftmp',
    );
  });

  it("derives a password that is stable, not the owner's, and changes with it", () => {
    const password = new URL(appDatabaseUrl(owner)).password;
    expect(password).toMatch(/^[\w-]{40,}$/);
    expect(password).not.toContain('cret');
    expect(new URL(appDatabaseUrl(owner)).password).toBe(password);
    expect(new URL(appDatabaseUrl(owner.replace('s%40cret', 'other'))).password).not.toBe(password);
  });

  it('uses APP_DATABASE_URL as given', () => {
    const given = 'postgres://council_app:pw@db.example.jp:5432/shingikai';
    expect(appDatabaseUrl(owner, given)).toBe(given);
  });
});
