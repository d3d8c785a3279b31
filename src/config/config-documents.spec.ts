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
