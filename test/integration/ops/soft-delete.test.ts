import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { BinService } from '../../../src/cases/bin.service';
import { attachFile, createCase, seedCaseCatalog } from '../../support/case-fixtures';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
type Who = Awaited<ReturnType<typeof userWithToken>>;
let clerk: Who;
let colleague: Who;
let otherDept: Who;
let secretariat: Who;
let member: Who;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  colleague = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: clerk.user.departmentId });
  otherDept = await userWithToken(t.http, t.ds, { role: 'clerk' });
  secretariat = await userWithToken(t.http, t.ds, { role: 'secretariat', displayName: '事務局 太郎' });
  member = await userWithToken(t.http, t.ds, { role: 'member' });
});
afterAll(async () => {
  await t.close();
});

const api = () => request(t.http);
const listIds = async (who: Who, query = '') =>
  ((await api().get(`/api/cases${query}`).set(who.auth).expect(200)).body.items as { id: string }[]).map(
    (i) => i.id,
  );
const auditOf = async (targetId: string) =>
  (
    (await t.ds.query(`SELECT action, detail FROM audit_log WHERE target_id = $1 ORDER BY id`, [
      targetId,
    ])) as {
      action: string;
      detail: Record<string, unknown>;
    }[]
  ).map((r) => r.action);

describe('soft delete of cases and attachments, the bin, the purge', () => {
  it('a clerk deletes a draft: gone from view, list, search, copy and related cases; the secretariat restores it', async () => {
    const gone = await createCase(t.http, clerk.auth, { title: '削除テスト用の屋上緑化事案' });
    const keeper = await createCase(t.http, clerk.auth, { title: '残す事案', relatedCaseIds: [gone.id] });
    expect(keeper.related.map((r: { id: string }) => r.id)).toEqual([gone.id]);

    // only the owning department's clerks may delete
    await api().delete(`/api/cases/${gone.id}`).set(otherDept.auth).expect(404);
    await api().delete(`/api/cases/${gone.id}`).set(secretariat.auth).expect(403);
    await api().delete(`/api/cases/${gone.id}`).set(colleague.auth).expect(204);

    for (const who of [clerk, colleague]) {
      await api().get(`/api/cases/${gone.id}`).set(who.auth).expect(404);
      expect(await listIds(who)).not.toContain(gone.id);
      expect(await listIds(who, `?q=${encodeURIComponent('屋上緑化')}`)).not.toContain(gone.id);
    }
    const copy = await api().post(`/api/cases/${gone.id}/copy`).set(clerk.auth).send({});
    expect(copy.status).toBe(404);
    expect(copy.body.code).toBe('CASE_NOT_FOUND');
    const k = await api().get(`/api/cases/${keeper.id}`).set(clerk.auth).expect(200);
    expect(k.body.related).toEqual([]);
    const relink = await api()
      .patch(`/api/cases/${keeper.id}`)
      .set(clerk.auth)
      .send({ version: k.body.version, relatedCaseIds: [gone.id] });
    expect(relink.status).toBe(400);
    await api().delete(`/api/cases/${gone.id}`).set(clerk.auth).expect(404);
    await api()
      .post(`/api/cases/${gone.id}/attachments`)
      .set(clerk.auth)
      .attach('file', PDF, 'x.pdf')
      .expect(404);
    // the UI lists and views leave it out as well
    const page = await api().get('/cases').set('Cookie', `shingikai_session=${clerk.token}`).expect(200);
    expect(page.text).toContain('残す事案');
    expect(page.text).not.toContain('削除テスト用の屋上緑化事案');
    await api().get(`/cases/${gone.id}`).set('Cookie', `shingikai_session=${clerk.token}`).expect(404);

    // the bin: the secretariat only
    await api().get('/api/bin').set(clerk.auth).expect(403);
    await api().get('/api/bin').set(member.auth).expect(403);
    const bin = await api().get('/api/bin').set(secretariat.auth).expect(200);
    const entry = bin.body.cases.find((c: { id: string }) => c.id === gone.id);
    expect(entry).toMatchObject({
      title: '削除テスト用の屋上緑化事案',
      deletedBy: colleague.user.displayName,
    });
    expect(new Date(entry.purgeAt).getTime() - new Date(entry.deletedAt).getTime()).toBe(30 * DAY);
    const ui = await api().get('/bin').set('Cookie', `shingikai_session=${secretariat.token}`).expect(200);
    expect(ui.text).toContain('ごみ箱');
    expect(ui.text).toContain('削除テスト用の屋上緑化事案');
    expect(ui.text).toContain(`/bin/cases/${gone.id}/restore`);

    // restore (through the UI form): back everywhere, with its relation
    await api()
      .post(`/bin/cases/${gone.id}/restore`)
      .set('Cookie', `shingikai_session=${secretariat.token}`)
      .expect(303)
      .expect('Location', '/bin?restored=case');
    await api().get(`/api/cases/${gone.id}`).set(clerk.auth).expect(200);
    expect(await listIds(clerk)).toContain(gone.id);
    const again = await api().get(`/api/cases/${keeper.id}`).set(clerk.auth).expect(200);
    expect(again.body.related.map((r: { id: string }) => r.id)).toEqual([gone.id]);
    const twice = await api().post(`/api/bin/cases/${gone.id}/restore`).set(secretariat.auth);
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('BIN_ITEM_NOT_FOUND');
    expect(await auditOf(gone.id)).toEqual(expect.arrayContaining(['delete', 'restore']));
    expect((await auditOf(gone.id)).filter((a) => a === 'delete' || a === 'restore')).toEqual([
      'delete',
      'restore',
    ]);
  });

  it('only drafts can be deleted', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '提出済みの事案' });
    await t.ds.query(`UPDATE case_file SET status = 'submitted' WHERE id = $1`, [c.id]);
    const res = await api().delete(`/api/cases/${c.id}`).set(clerk.auth);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CASE_DELETE_NOT_DRAFT');
    expect(res.body.detail).toContain('提出済み');
    await api().get(`/api/cases/${c.id}`).set(secretariat.auth).expect(200);
  });

  it('a deleted attachment disappears, stays on disk, and is restored by the secretariat', async () => {
    const c = await createCase(t.http, clerk.auth, { title: '添付資料の削除' });
    const up = await attachFile(t.http, clerk.auth, c.id, PDF, '資料1.pdf');
    const [{ storage_key: key }] = await t.ds.query(`SELECT storage_key FROM case_attachment WHERE id = $1`, [
      up.id,
    ]);
    await api().delete(`/api/cases/${c.id}/attachments/${up.id}`).set(clerk.auth).expect(204);
    await api().get(`/api/cases/${c.id}/attachments/${up.id}`).set(clerk.auth).expect(404);
    expect((await api().get(`/api/cases/${c.id}`).set(clerk.auth).expect(200)).body.attachments).toEqual([]);
    await api().delete(`/api/cases/${c.id}/attachments/${up.id}`).set(clerk.auth).expect(404);
    expect(existsSync(join(t.config.dataDir, 'attachments', key))).toBe(true);

    const bin = await api().get('/api/bin').set(secretariat.auth).expect(200);
    expect(bin.body.attachments.find((a: { id: string }) => a.id === up.id)).toMatchObject({
      caseId: c.id,
      fileName: '資料1.pdf',
      caseDeleted: false,
    });
    await api().post(`/api/bin/attachments/${up.id}/restore`).set(secretariat.auth).expect(204);
    const back = await api().get(`/api/cases/${c.id}`).set(clerk.auth).expect(200);
    expect(back.body.attachments.map((a: { id: string }) => a.id)).toEqual([up.id]);
    await api().get(`/api/cases/${c.id}/attachments/${up.id}`).set(clerk.auth).expect(200);

    // an attachment of a case in the bin: the case first
    await api().delete(`/api/cases/${c.id}/attachments/${up.id}`).set(clerk.auth).expect(204);
    await api().delete(`/api/cases/${c.id}`).set(clerk.auth).expect(204);
    const first = await api().post(`/api/bin/attachments/${up.id}/restore`).set(secretariat.auth);
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('BIN_RESTORE_CASE_FIRST');
    expect(first.headers['content-type']).toContain('application/problem+json');
    await api().post(`/api/bin/cases/${c.id}/restore`).set(secretariat.auth).expect(204);
    await api().post(`/api/bin/attachments/${up.id}/restore`).set(secretariat.auth).expect(204);
  });

  it('the purge removes what was deleted over 30 days before, with the files, and nothing else', async () => {
    const old = await createCase(t.http, clerk.auth, { title: '30日を過ぎる事案' });
    const fresh = await createCase(t.http, clerk.auth, { title: 'まだ残る事案' });
    const holder = await createCase(t.http, clerk.auth, { title: '添付資料を持つ事案' });
    const withFile = await attachFile(t.http, clerk.auth, old.id, PDF, 'old.pdf');
    const loose = await attachFile(t.http, clerk.auth, holder.id, PDF, 'loose.pdf');
    const keyOf = async (id: string) =>
      (
        (await t.ds.query(`SELECT storage_key FROM case_attachment WHERE id = $1`, [id])) as {
          storage_key: string;
        }[]
      )[0].storage_key;
    const oldKey = await keyOf(withFile.id);
    const looseKey = await keyOf(loose.id);
    await api().delete(`/api/cases/${old.id}`).set(clerk.auth).expect(204);
    await api().delete(`/api/cases/${holder.id}/attachments/${loose.id}`).set(clerk.auth).expect(204);
    await api().delete(`/api/cases/${fresh.id}`).set(clerk.auth).expect(204);
    const day0 = new Date();
    // `old` and the loose attachment were deleted 31 days ago; `fresh` just now
    await t.ds.query(`UPDATE case_file SET deleted_at = $2 WHERE id = $1`, [
      old.id,
      new Date(day0.getTime() - 31 * DAY),
    ]);
    await t.ds.query(`UPDATE case_attachment SET deleted_at = $2 WHERE id = $1`, [
      loose.id,
      new Date(day0.getTime() - 31 * DAY),
    ]);

    const bin = t.app.get(BinService);
    // 29 days after the old deletion: nothing expired yet
    expect(await bin.purgeExpired(new Date(day0.getTime() - 2 * DAY))).toEqual({
      cases: 0,
      attachments: 0,
      failed: [],
    });
    expect(await bin.purgeExpired(day0)).toEqual({ cases: 1, attachments: 1, failed: [] });

    const left = (sql: string, id: string) => t.ds.query(sql, [id]).then((r: unknown[]) => r.length);
    expect(await left(`SELECT 1 FROM case_file WHERE id = $1`, old.id)).toBe(0);
    expect(await left(`SELECT 1 FROM case_attachment WHERE id = $1`, withFile.id)).toBe(0);
    expect(await left(`SELECT 1 FROM case_attachment WHERE id = $1`, loose.id)).toBe(0);
    expect(await left(`SELECT 1 FROM case_file WHERE id = $1 AND deleted_at IS NOT NULL`, fresh.id)).toBe(1);
    expect(await left(`SELECT 1 FROM case_file WHERE id = $1 AND deleted_at IS NULL`, holder.id)).toBe(1);
    const dir = join(t.config.dataDir, 'attachments');
    expect(existsSync(join(dir, oldKey))).toBe(false);
    expect(existsSync(join(dir, looseKey))).toBe(false);
    expect(await auditOf(old.id)).toContain('purge');

    // purged is gone for good; running again finds nothing
    const restore = await api().post(`/api/bin/cases/${old.id}/restore`).set(secretariat.auth);
    expect(restore.status).toBe(404);
    expect(await bin.purgeExpired(day0)).toEqual({ cases: 0, attachments: 0, failed: [] });
    // 30 days after the fresh deletion, it goes too
    expect((await bin.purgeExpired(new Date(day0.getTime() + 31 * DAY))).cases).toBe(1);
  });
});
