import request from 'supertest';
import { SEED_STEPS } from '../../../src/seeds/sample-data';
import type { TestApp } from '../../support/test-app';
import { extractPageTexts, squash } from '../documents/pdf-inspect';
import { downloadBinary } from '../../support/download';
import { startSampleApp } from '../../support/sample-app';
import { getBody } from '../../support/http';

/** The sample data's next meeting has a report item (報告事項) with a file, as `npm start` loads it. */
let t: TestApp;
let secretariat: { Authorization: string };

beforeAll(async () => {
  ({ t, secretariat } = await startSampleApp({}, SEED_STEPS, true));
}, 120_000);
afterAll(() => t.close());

it('lists the report file on the agenda and prints its page in the packet under its 資料N', async () => {
  const list = (await request(t.http).get('/api/meetings').set(secretariat).expect(200)).body;
  const m71 = list.find((x: { number: number }) => x.number === 71);
  const detail = (await request(t.http).get(`/api/meetings/${m71.id}`).set(secretariat).expect(200)).body;
  const report = detail.reports[0];
  expect(report.title).toBe('個人情報取扱事務の登録状況（令和8年度上半期）');

  const files = await getBody(t.http, secretariat, `/api/meetings/${m71.id}/agenda/${report.id}/files`);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatchObject({ mediaType: 'application/pdf', fileName: '登録状況_令和8年度上半期.pdf' });

  const packet = await downloadBinary(t.http, `/api/meetings/${m71.id}/packet.pdf`, secretariat).expect(200);
  const pages = (await extractPageTexts(new Uint8Array(packet.body as Buffer))).map(squash);
  const reportPage = pages.findIndex((p) => p.includes('新規登録') && p.includes('前年同期'));
  expect(reportPage).toBeGreaterThan(1); // after the 次第 and the 資料一覧
  expect(pages[1]).toContain('個人情報取扱事務の登録状況');
});
