import { writeFileSync } from 'node:fs';
import request from 'supertest';
import { startTestApp } from '../../support/test-app';
it('dumps', async () => {
  const t = await startTestApp();
  const res = await request(t.http).get('/api/docs-json').expect(200);
  writeFileSync('/tmp/contract-doc.json', JSON.stringify(res.body, null, 2));
  await t.close();
});
