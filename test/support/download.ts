import request from 'supertest';
import type { App } from 'supertest/types';

/** A supertest parser that keeps the body as one Buffer (a PDF, a .docx, a workbook, a zip). */
export function binaryBody(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (ch: Buffer) => chunks.push(ch));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** GET a binary body (a PDF, a .docx) as a Buffer; public routes need no headers. */
export function downloadBinary(http: App, path: string, headers: Record<string, string> = {}) {
  return request(http).get(path).set(headers).buffer(true).parse(binaryBody);
}
