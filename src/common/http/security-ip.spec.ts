import { cidrList, ConfigError } from '../../config/config';
import { ipMatcher, isAdminPath } from './security-ip';

describe('admin IP allow-list', () => {
  it('matches IPv4 and IPv6 ranges, single addresses and IPv4-mapped IPv6', () => {
    const allowed = ipMatcher(cidrList({ X: '192.168.10.0/24, 10.0.0.5 fd00::/8' }, 'X')!);
    expect(allowed('192.168.10.200')).toBe(true);
    expect(allowed('::ffff:192.168.10.7')).toBe(true);
    expect(allowed('10.0.0.5')).toBe(true);
    expect(allowed('fd12::1')).toBe(true);
    expect(allowed('192.168.11.1')).toBe(false);
    expect(allowed('10.0.0.6')).toBe(false);
    expect(allowed('fe80::1')).toBe(false);
    expect(allowed(undefined)).toBe(false);
    expect(allowed('not-an-ip')).toBe(false);
  });

  it('rejects a malformed list at boot, naming the variable and the entry', () => {
    for (const bad of [
      '192.168.1.0/33',
      '300.1.1.1',
      'fd00::/129',
      '10.0.0.0/8/1',
      'example.org',
      '10.0.0.0/x',
    ]) {
      expect(() => cidrList({ ADMIN_ALLOWED_IPS: bad }, 'ADMIN_ALLOWED_IPS')).toThrow(ConfigError);
      expect(() => cidrList({ ADMIN_ALLOWED_IPS: bad }, 'ADMIN_ALLOWED_IPS')).toThrow(/ADMIN_ALLOWED_IPS/);
    }
    expect(cidrList({}, 'ADMIN_ALLOWED_IPS')).toBeNull();
  });

  it('covers the admin screens and the admin API only', () => {
    for (const p of [
      '/admin',
      '/admin/users',
      '/api/admin',
      '/api/admin/backups',
      '/API/ADMIN/USERS',
      '//api//admin/',
      '/%61dmin',
    ])
      expect(isAdminPath(p)).toBe(true);
    for (const p of ['/', '/administrator', '/api/administer', '/api/departments', '/login'])
      expect(isAdminPath(p)).toBe(false);
  });
});
