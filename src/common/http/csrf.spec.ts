import type { Request } from 'express';
import { isCrossSiteWrite } from './csrf';

const req = (method: string, headers: Record<string, string>) =>
  ({ method, headers: { host: 'app.example:3000', ...headers } }) as unknown as Request;

describe('cross-site write detection', () => {
  it('lets same-origin form posts and reads through', () => {
    expect(
      isCrossSiteWrite(req('POST', { 'sec-fetch-site': 'same-origin', origin: 'http://app.example:3000' })),
    ).toBe(false);
    expect(isCrossSiteWrite(req('GET', { 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
  it('refuses posts from another site', () => {
    expect(isCrossSiteWrite(req('POST', { 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteWrite(req('POST', { origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSiteWrite(req('DELETE', { origin: 'null' }))).toBe(true);
  });
  it('does not concern bearer-token clients or clients that send no browser headers', () => {
    expect(isCrossSiteWrite(req('POST', { authorization: 'Bearer x', origin: 'https://evil.example' }))).toBe(
      false,
    );
    expect(isCrossSiteWrite(req('POST', {}))).toBe(false);
  });
});
