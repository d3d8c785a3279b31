import { canonicalPath } from './canonical-path';

describe('canonicalPath', () => {
  it.each([
    ['/api/auth/login', '/api/auth/login'],
    ['/api/auth/login/', '/api/auth/login'],
    ['/API/Auth/LOGIN', '/api/auth/login'],
    ['//api//auth///login', '/api/auth/login'],
    ['/api/auth/%6Cogin', '/api/auth/login'],
    ['/api/auth/%256Cogin', '/api/auth/login'],
    ['/api/admin/../../etc/passwd', '/api/admin/../../etc/passwd'],
    ['/', '/'],
    ['/api/%E0%A4%A', '/api/%e0%a4%a'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalPath(raw)).toBe(canonical);
  });
});
