import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AuditAnchorScheduler } from '../../../src/audit/audit-anchor.scheduler';
import { runAuditVerify } from '../../../src/audit/audit-verify-command';
import { AuditService, verifyAuditChain } from '../../../src/audit/audit.service';
import { runBackup } from '../../../src/ops/backup';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Awaited<ReturnType<typeof userWithToken>>;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await userWithToken(t.http, t.ds, { role: 'admin' });
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
});
afterAll(() => t.close());

const LONE = '\ud800';

/** Sends a Buffer's bytes as they are (superagent would JSON-encode it; its typing expects a string). */
const asSent = (b: unknown) => b as string;

/** JSON with a lone surrogate escaped as `\ud800` (what a client may send; JSON.stringify keeps it so). */
const rawJson = (body: Record<string, unknown>) => JSON.stringify(body);

const count = async (sql: string, params: unknown[] = []) => Number((await t.ds.query(sql, params))[0].n);

/** Runs `sql` on audit_log with its append-only triggers off (as a superuser could). */
async function tamper(sql: string): Promise<void> {
  await t.ds.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    await t.ds.query(sql);
  } finally {
    await t.ds.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
}

describe('ill-formed text at the boundary', () => {
  it('refuses a lone surrogate at login, and the chain still verifies', async () => {
    const before = await count('SELECT count(*) AS n FROM audit_log');
    const res = await request(t.http)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(rawJson({ username: LONE, password: 'x' }));
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('INVALID_CHARACTER');
    expect(res.body.detail).toContain('username');
    expect(res.body.errors).toEqual([
      { field: 'username', messages: [expect.stringContaining('サロゲート')] },
    ]);
    // An unknown user name that is well-formed is audited (with a surrogate pair in it).
    await request(t.http)
      .post('/api/auth/login')
      .send({ username: 'あ'.repeat(98) + '😀', password: 'x' })
      .expect(401);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBeGreaterThan(before);
    const verdict = await request(t.http).get('/api/admin/audit/verify').set(admin.auth).expect(200);
    expect(verdict.body).toMatchObject({ ok: true, broken: [], brokenCount: 0 });
  });

  it('refuses a lone surrogate or NUL in a case title and stores nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM case_file');
    for (const title of [`緑化${LONE}計画`, 'a\udc00', 'NUL\u0000']) {
      const res = await request(t.http)
        .post('/api/cases')
        .set(clerk.auth)
        .set('Content-Type', 'application/json')
        .send(rawJson({ title }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_CHARACTER');
      expect(res.body.errors[0].field).toBe('title');
      expect(res.body.detail).toMatch(/「title」/);
    }
    // Nested fields are named by their path; a well-formed pair (emoji) is fine.
    const nested = await request(t.http)
      .post('/api/cases')
      .set(clerk.auth)
      .set('Content-Type', 'application/json')
      .send(rawJson({ title: '正しい件名', overview: { purpose: `目的${LONE}` } }));
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].field).toBe('overview.purpose');
    expect(await count('SELECT count(*) AS n FROM case_file')).toBe(before);
    const ok = await request(t.http)
      .post('/api/cases')
      .set(clerk.auth)
      .send({ title: '緑化😀計画' })
      .expect(201);
    expect(ok.body.title).toBe('緑化😀計画');
  });

  it('refuses ill-formed text in query strings, path parameters and forms', async () => {
    const query = await request(t.http).get('/api/admin/audit').query({ actor: 'a\u0000b' }).set(admin.auth);
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ code: 'INVALID_CHARACTER', errors: [{ field: 'actor' }] });
    // %ED%A0%80 is the UTF-8-style encoding of U+D800: not valid UTF-8.
    const path = await request(t.http).get('/api/cases/%ED%A0%80').set(clerk.auth);
    expect(path.status).toBe(400);
    expect(path.body.code).toBe('INVALID_CHARACTER');
    // The login screen's form (urlencoded): the same refusal, as a page.
    const form = await request(t.http).post('/login').type('form').send('username=a%00b&password=x');
    expect(form.status).toBe(400);
    expect(form.type).toBe('text/html');
    expect(form.text).toContain('NUL');
  });

  it('refuses a body whose bytes are not valid UTF-8 instead of storing U+FFFD', async () => {
    const before = await count('SELECT count(*) AS n FROM case_file');
    // "緑化" in UTF-8 followed by a stray continuation byte and a truncated sequence
    const body = Buffer.concat([
      Buffer.from('{"title":"緑化'),
      Buffer.from([0x80, 0xe7, 0xb7]),
      Buffer.from('"}'),
    ]);
    const res = await request(t.http)
      .post('/api/cases')
      .set(clerk.auth)
      .set('Content-Type', 'application/json')
      .serialize(asSent)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('INVALID_CHARACTER');
    expect(res.body.detail).toContain('UTF-8');
    const form = await request(t.http)
      .post('/login')
      .type('form')
      .serialize(asSent)
      .send(Buffer.concat([Buffer.from('username='), Buffer.from([0xff, 0xfe]), Buffer.from('&password=x')]));
    expect(form.status).toBe(400);
    expect(await count('SELECT count(*) AS n FROM case_file')).toBe(before);
  });

  it('stores what the hash covers even when a caller passes ill-formed text to the audit service', async () => {
    const audit = t.app.get(AuditService);
    await audit.record({
      actor: { id: null, name: `half${LONE}`, role: null },
      action: 'view',
      targetType: 'ill-formed',
      detail: { note: `x${LONE}\u0000y`, [`k${LONE}`]: 1 },
    });
    const [row] = await t.ds.query(
      `SELECT actor_name, detail FROM audit_log WHERE target_type = 'ill-formed'`,
    );
    expect(row.actor_name).toBe('half\ufffd');
    expect(row.detail).toEqual({ note: 'x\ufffd\u2400y', 'k\ufffd': 1 });
    expect((await verifyAuditChain(t.ds)).ok).toBe(true);
  });
});

describe('case title at creation', () => {
  it('refuses a missing or blank title with a field error, through the API and the form', async () => {
    const before = await count('SELECT count(*) AS n FROM case_file');
    for (const body of [{}, { title: '' }, { title: ' \u3000 ' }]) {
      const res = await request(t.http).post('/api/cases').set(clerk.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'title', messages: ['件名を入力してください'] }]);
    }
    // The screen that creates a case refuses a blank title too.
    const page = await request(t.http)
      .post('/cases/new')
      .set(clerk.auth)
      .type('form')
      .send('title=+%E3%80%80');
    expect(page.status).toBe(400);
    expect(page.text).toContain('件名を入力してください');
    expect(await count('SELECT count(*) AS n FROM case_file')).toBe(before);
  });
});

describe('verification and anchors', () => {
  it('refuses TRUNCATE of the audit log', async () => {
    await expect(t.ds.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBeGreaterThan(0);
  });

  it('lists every tampered row, not only the first', async () => {
    await request(t.http).get('/api/departments').set(admin.auth).expect(200);
    const ids: string[] = (
      await t.ds.query('SELECT id::text AS id FROM audit_log ORDER BY audit_log.id LIMIT 5')
    ).map((r: { id: string }) => r.id);
    await tamper(`UPDATE audit_log SET actor_name = 'mallory' WHERE id IN (${ids[1]}, ${ids[3]})`);
    const api = await request(t.http).get('/api/admin/audit/verify').set(admin.auth).expect(200);
    expect(api.body).toMatchObject({ ok: false, brokenCount: 2, brokenId: ids[1] });
    expect(api.body.broken).toEqual([
      { id: ids[1], kind: 'hash_mismatch', reason: expect.stringContaining('改ざん') },
      { id: ids[3], kind: 'hash_mismatch', reason: expect.stringContaining('改ざん') },
    ]);
    // The admin screen lists both rows.
    const page = await request(t.http).get('/admin/audit/verify').set(admin.auth).expect(200);
    expect(page.text).toContain('改ざんを検出しました');
    for (const id of [ids[1], ids[3]]) expect(page.text).toContain(`<td>${id}</td>`);
  });

  it('logs the chain head as an anchor that verification accepts', async () => {
    expect(t.config.auditAnchorMinutes).toBe(0); // off in tests unless configured
    const anchor = await t.app.get(AuditAnchorScheduler).tick();
    const [last] = await t.ds.query('SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(anchor).toBe(`${last.id}:${last.hash}`);
    const res = await request(t.http).get('/api/admin/audit/verify').query({ anchor }).set(admin.auth);
    expect(res.body.anchor).toMatchObject({ id: last.id, ok: true });
  });

  it('detects deleted newest rows through the head recorded in a backup manifest', async () => {
    // From here on, only the rows after the two edited above matter: verify with the anchor.
    const outcome = await runBackup({
      databaseUrl: t.databaseUrl,
      backupDir: t.config.backup.dir,
      attachmentsDir: null,
      keep: 14,
      trigger: 'command',
    });
    if (outcome.status !== 'ok') throw new Error('backup skipped');
    const manifestPath = join(t.config.backup.dir, outcome.name, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const head = manifest.auditHead as { id: string; hash: string };
    expect(head.id).toMatch(/^\d+$/);
    const stored = await t.ds.query('SELECT hash FROM audit_log WHERE id = $1', [head.id]);
    expect(stored[0].hash).toBe(head.hash);

    const anchor = `${head.id}:${head.hash}`;
    const intact = await request(t.http).get('/api/admin/audit/verify').query({ anchor }).set(admin.auth);
    expect(intact.status).toBe(200);
    expect(intact.body.anchor).toMatchObject({ id: head.id, ok: true });

    // Deleting the newest rows leaves a chain that links up: only the anchor shows it.
    await tamper(`DELETE FROM audit_log WHERE id >= ${head.id}`);
    const cut = await request(t.http).get('/api/admin/audit/verify').query({ anchor }).set(admin.auth);
    expect(cut.body.ok).toBe(false);
    expect(cut.body.brokenCount).toBe(2); // the two edits above, nothing else
    expect(cut.body.anchor).toMatchObject({
      id: head.id,
      ok: false,
      reason: expect.stringContaining('見つかりません'),
    });

    const io = {
      stdout: '',
      stderr: '',
      out: (s: string) => void (io.stdout += s),
      err: (s: string) => void (io.stderr += s),
    };
    expect(await runAuditVerify(t.ds, { 'anchor-file': manifestPath }, io)).toBe(3);
    expect(io.stderr).toContain(`記録された先頭行 ${head.id} の検証に失敗しました`);
    expect(io.stderr).toContain('2 件');
    const bad = { ...io, stdout: '', stderr: '' };
    expect(await runAuditVerify(t.ds, { anchor: 'nope' }, bad)).toBe(2);
  });
});
