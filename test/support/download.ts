import request from 'supertest';
import type { App } from 'supertest/types';

/** GET a binary body (a PDF, a .docx) as a Buffer. */
export function downloadBinary(http: App, path: string, auth: { Authorization: string }) {
  return request(http)
    .get(path)
    .set(auth)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (ch: Buffer) => chunks.push(ch));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}
