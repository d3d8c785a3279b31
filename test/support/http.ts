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
