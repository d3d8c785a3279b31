import type { NextFunction, Request, Response } from 'express';
import { apiContentType, refusePrototypeKeys } from './content-type';

function run(method: string, path: string, headers: Record<string, string>): number | 'next' {
  let status: number | 'next' = 'next';
  const res = {
    status(code: number) {
      status = code;
      return this;
    },
    type() {
      return this;
    },
    send() {
      return this;
    },
  } as unknown as Response;
  apiContentType({ method, path, headers } as unknown as Request, res, (() => undefined) as NextFunction);
  return status;
}

describe('API content types', () => {
  const body = { 'content-length': '10' };
  it('lets JSON, UTF-8 JSON and bodiless requests through', () => {
    expect(run('POST', '/api/cases', { ...body, 'content-type': 'application/json' })).toBe('next');
    expect(run('POST', '/api/cases', { ...body, 'content-type': 'application/json; charset=UTF-8' })).toBe(
      'next',
    );
    expect(run('POST', '/api/auth/logout', {})).toBe('next');
    expect(run('GET', '/api/cases', { ...body, 'content-type': 'text/plain' })).toBe('next');
  });
  it('refuses other types, other charsets and multipart outside upload routes', () => {
    expect(run('POST', '/api/cases', { ...body, 'content-type': 'text/plain' })).toBe(415);
    expect(run('POST', '/api/cases', { ...body, 'content-type': 'application/xml' })).toBe(415);
    expect(
      run('POST', '/api/cases', { ...body, 'content-type': 'application/json; charset=shift_jis' }),
    ).toBe(415);
    expect(run('POST', '/api/cases', { ...body, 'content-type': 'multipart/form-data; boundary=x' })).toBe(
      415,
    );
    expect(run('POST', '/api/cases', body)).toBe(415);
  });
  it('accepts multipart on upload routes and leaves the UI forms alone', () => {
    expect(
      run('POST', '/api/cases/abc/attachments', {
        ...body,
        'content-type': 'multipart/form-data; boundary=x',
      }),
    ).toBe('next');
    expect(run('POST', '/login', { ...body, 'content-type': 'application/x-www-form-urlencoded' })).toBe(
      'next',
    );
  });
  it('refuses prototype keys in JSON', () => {
    expect(() => JSON.parse('{"__proto__": {"polluted": 1}}', refusePrototypeKeys)).toThrow();
    expect(JSON.parse('{"a": {"b": 1}}', refusePrototypeKeys)).toEqual({ a: { b: 1 } });
  });
});
