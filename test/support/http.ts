import request from 'supertest';
import type { App } from 'supertest/types';

/** GET `path` as `auth`, expecting 200; the parsed body. */
export async function getBody(
  http: App,
  auth: { Authorization: string },
  path: string,
): Promise<request.Response['body']> {
  return (await request(http).get(path).set(auth).expect(200)).body;
}

/** POST `body` to `path` as `auth`, expecting `status` (201: created); the parsed body. */
export async function postBody(
  http: App,
  auth: { Authorization: string },
  path: string,
  body: object,
  status = 201,
): Promise<request.Response['body']> {
  return (await request(http).post(path).set(auth).send(body).expect(status)).body;
}

/** A browser's form post from our own pages as `cookie` (the CSRF check reads Sec-Fetch-Site). */
export function formPost(http: App, path: string, cookie: string): request.Test {
  return request(http).post(path).set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').type('form');
}

/** A browser's GET of `path` as `cookie`; the request, to expect on. */
export function getAs(http: App, path: string, cookie: string): request.Test {
  return request(http).get(path).set('Cookie', cookie);
}
