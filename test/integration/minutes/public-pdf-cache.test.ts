import request from 'supertest';
import type { App } from 'supertest/types';
import { squashedText } from '../documents/pdf-inspect';
import { pdfRendererOf, startTestApp, type TestApp } from '../../support/test-app';
import { binaryBody } from '../../support/download';
import { sampleContents } from '../../support/sample-app';

let t: TestApp;
let meetingId: string;
let renders = 0;

/**
 * Counts every print through the renderer interface the papers use: the one DocumentsModule
 * provides (the Word papers module binds the same token to its HTML→docx converter).
 */
function countRenders(app: TestApp): () => number {
  const renderer = pdfRendererOf(app.app);
  const original = renderer.render.bind(renderer);
  let n = 0;
  renderer.render = (doc, options) => {
    n++;
    return original(doc, options);
  };
  return () => n;
}

const download = (http: App, headers: Record<string, string> = {}) =>
  request(http)
    .get(`/public/shinjuku/minutes/${meetingId}/minutes.pdf`)
    .set(headers)
    .buffer(true)
    .parse(binaryBody);

let rendered: () => number;
beforeAll(async () => {
  t = await startTestApp({ contents: sampleContents(undefined, { passwordsChanged: false }) });
  [{ meeting_id: meetingId }] = await t.ds.query(
    `SELECT meeting_id FROM minutes WHERE state = 'published' LIMIT 1`,
  );
  rendered = countRenders(t);
}, 120_000);
afterAll(() => t.close());

describe('public minutes PDF cache', () => {
  let etag: string;
  let first: Buffer;

  it('two downloads of unchanged minutes print once and return the same bytes', async () => {
    const a = await download(t.http).expect(200);
    const b = await download(t.http).expect(200);
    renders = rendered();
    expect(renders).toBe(1);
    expect(Buffer.compare(a.body as Buffer, b.body as Buffer)).toBe(0);
    expect(a.headers['content-type']).toBe('application/pdf');
    expect(a.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    etag = a.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(b.headers.etag).toBe(etag);
    first = a.body as Buffer;
    expect(await squashedText(first)).toContain('会議録');
  });

  it('answers 304 without a body when the client has the current version', async () => {
    const res = await download(t.http, { 'If-None-Match': etag });
    expect(res.status).toBe(304);
    expect((res.body as Buffer).length).toBe(0);
    expect(res.headers.etag).toBe(etag);
    expect((await download(t.http, { 'If-None-Match': `W/${etag}, "other"` })).status).toBe(304);
    expect(rendered()).toBe(renders);
  });

  it('a re-publication with changed text is printed anew, once, even for concurrent first requests', async () => {
    await t.ds.query(
      `UPDATE minutes SET public_lines = jsonb_set(public_lines, '{0,text}', to_jsonb('再公開で改めた文言です'::text))
        WHERE meeting_id = $1`,
      [meetingId],
    );
    const all = await Promise.all(
      Array.from({ length: 5 }, () => download(t.http, { 'If-None-Match': etag })),
    );
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(rendered()).toBe(renders + 1);
    const newTag = all[0].headers.etag;
    expect(newTag).not.toBe(etag);
    expect(new Set(all.map((r) => r.headers.etag))).toEqual(new Set([newTag]));
    expect(await squashedText(all[0].body as Buffer)).toContain('再公開で改めた文言です');
    // The superseded version is gone from the cache; only the current one is kept.
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM public_pdf_cache`);
    expect(n).toBe(1);
  });

  it('another instance serves the cached PDF from PostgreSQL without printing', async () => {
    const second = await startTestApp({ databaseUrl: t.databaseUrl });
    try {
      const secondRendered = countRenders(second);
      const res = await download(second.http).expect(200);
      expect(secondRendered()).toBe(0);
      expect(await squashedText(res.body as Buffer)).toContain('再公開で改めた文言です');
    } finally {
      await second.close();
    }
  });
});
