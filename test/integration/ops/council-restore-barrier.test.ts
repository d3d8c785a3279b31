import request from 'supertest';
import { verifyAuditChain } from '../../../src/audit/audit.service';
import { AppError } from '../../../src/common/errors/app-error';
import { COUNCIL_RESTORE_LOCK } from '../../../src/database/council-barrier';
import { runInCouncil } from '../../../src/database/council-context';
import { UnitOfWork } from '../../../src/database/unit-of-work';
import { runRestore, startTwoCouncilsBackedUp, type TestCouncil } from '../../support/council-backup';
import { makePlatformAdmin } from '../../support/councils';
import { formLogin, login, makeUser } from '../../support/factories';
import type { TestApp } from '../../support/test-app';

/**
 * The single-council restore holds the council's own writes back (src/database/council-barrier.ts):
 * the council is `restoring` while it runs, its transactions in flight hold the restore back and are
 * then replaced, later ones and its people's requests are refused with 503; the other council works on.
 */

const MESSAGE = 'この審議会のデータを復元しています。しばらくしてから、もう一度お試しください。';

let t: TestApp;
let a: TestCouncil;
let b: TestCouncil;
let backupPath: string;
/** The name of A's department at the backup. */
let departmentAtBackup: string;

const councilRow = async (id: number) =>
  (
    (await t.ds.query(`SELECT state, state_before_restore, state_reason FROM municipality WHERE id = $1`, [
      id,
    ])) as { state: string; state_before_restore: string | null; state_reason: string | null }[]
  )[0];

const departmentName = async (id: string) =>
  ((await t.ds.query(`SELECT name FROM department WHERE id = $1`, [id])) as { name: string }[])[0]?.name;

/** A's audit entries of moves of its state, after entry `afterId`. */
const stateChanges = async (councilId: number, afterId: string) =>
  (await t.ds.query(
    `SELECT action, detail FROM audit_log
      WHERE council_id = $1 AND id > $2 AND action IN ('state.change', 'restore') ORDER BY id`,
    [councilId, afterId],
  )) as { action: string; detail: Record<string, unknown> }[];

const lastAuditId = async () =>
  ((await t.ds.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_log`)) as { id: string }[])[0].id;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Whether the restore's exclusive barrier lock on `councilId` is asked for and not yet granted. */
const restoreWaiting = async (councilId: number) =>
  (
    (await t.ds.query(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2
          AND mode = 'ExclusiveLock' AND NOT granted`,
      [COUNCIL_RESTORE_LOCK, councilId],
    )) as { n: number }[]
  )[0].n > 0;

beforeAll(async () => {
  ({ t, a, b, backupPath } = await startTwoCouncilsBackedUp());
  departmentAtBackup = await departmentName(a.departmentId);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('a single-council restore holds the council’s own writes back', () => {
  it('waits for A’s transaction in flight and replaces its write; refuses A meanwhile with 503; B goes on; A is back afterwards', async () => {
    const uow = t.app.get(UnitOfWork);
    const before = await lastAuditId();

    // A's write transaction, opened before the restore, held open until the test lets it commit.
    let opened!: () => void;
    let letCommit!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const mayCommit = new Promise<void>((r) => (letCommit = r));
    const inFlight = runInCouncil(a.id, () =>
      uow.run(null, async (m) => {
        await m.query(`UPDATE department SET name = '復元中に書き換えた課' WHERE id = $1`, [a.departmentId]);
        opened();
        await mayCommit;
      }),
    );
    await isOpen;

    const restore = runRestore(t, [backupPath, '--council', a.slug, '--yes']);
    let restoreDone = false;
    void restore.then(() => (restoreDone = true));

    // The council is restoring and the restore waits for the transaction in flight.
    await until('A restoring', async () => (await councilRow(a.id)).state === 'restoring');
    expect((await councilRow(a.id)).state_before_restore).toBe('active');
    await until('the restore waiting for the barrier', () => restoreWaiting(a.id));

    // A's people: every request answers 503 problem+json with Retry-After (once the session cache
    // has heard of the change); their logins too; A's portal is 503, not 404.
    const refused = await until('A refused', async () => {
      const res = await request(t.http).get('/api/cases').set(a.clerk);
      return res.status === 503 ? res : null;
    });
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body).toMatchObject({ status: 503, code: 'COUNCIL_RESTORING', detail: MESSAGE });
    const write = await request(t.http)
      .post('/api/departments')
      .set(a.admin)
      .send({ code: 'x', name: '新しい課' });
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('COUNCIL_RESTORING');
    const loginRefused = await request(t.http)
      .post('/api/auth/login')
      .send({ username: 'tanto-a', password: 'wrong-password' });
    expect(loginRefused.status).toBe(503);
    expect(loginRefused.body).toMatchObject({ code: 'COUNCIL_RESTORING', detail: MESSAGE });
    expect(loginRefused.headers['retry-after']).toBe('30');
    const formRefused = await request(t.http)
      .post('/login')
      .type('form')
      .send({ username: 'tanto-a', password: 'wrong-password' });
    expect(formRefused.status).toBe(503);
    expect(formRefused.headers['retry-after']).toBe('30');
    expect(formRefused.text).toContain(MESSAGE);
    const portal = await request(t.http).get(`/public/${a.slug}`);
    expect(portal.status).toBe(503);
    expect(portal.headers['retry-after']).toBe('30');

    // A transaction of A starting now is refused by the barrier at once (it does not wait).
    const started = Date.now();
    const late = await runInCouncil(a.id, () => uow.run(null, (m) => m.query('SELECT 1'))).catch(
      (e: unknown) => e,
    );
    expect(late).toBeInstanceOf(AppError);
    expect((late as AppError).code).toBe('COUNCIL_RESTORING');
    expect(Date.now() - started).toBeLessThan(2000);
    // Scheduled passes skip A.
    const visited: number[] = [];
    await uow.eachCouncil('test pass', async (id) => void visited.push(id));
    expect(visited).toContain(b.id);
    expect(visited).not.toContain(a.id);

    // B is untouched: its people read and write.
    await request(t.http).get('/api/cases').set(b.clerk).expect(200);
    await runInCouncil(b.id, () =>
      uow.run(null, (m) =>
        m.query(`UPDATE department SET name = '乙町の課（復元中に更新）' WHERE id = $1`, [b.departmentId]),
      ),
    );
    await request(t.http).get(`/public/${b.slug}`).expect(200);

    // Still held back by the transaction in flight.
    expect(restoreDone).toBe(false);
    letCommit();
    await inFlight;
    const { code, io } = await restore;
    expect(io.stderr).toBe('');
    expect(code).toBe(0);

    // The write in flight was replaced by the backup's row; B's write stays.
    expect(await departmentName(a.departmentId)).toBe(departmentAtBackup);
    expect(await departmentName(b.departmentId)).toBe('乙町の課（復元中に更新）');

    // A is back in its state and works: its people sign in again (the restore ended their sessions).
    expect(await councilRow(a.id)).toMatchObject({ state: 'active', state_before_restore: null });
    const clerkA = { Authorization: `Bearer ${await login(t.http, 'tanto-a')}` };
    await request(t.http).get('/api/cases').set(clerkA).expect(200);
    await request(t.http).get(`/public/${a.slug}`).expect(200);
    await runInCouncil(a.id, () => uow.run(null, (m) => m.query('SELECT 1')));

    // A's chain: into restoring, the restore, back to active.
    const moves = await stateChanges(a.id, before);
    expect(moves.map((r) => [r.action, r.detail.transition ?? null, r.detail.to ?? null])).toEqual([
      ['state.change', 'restore', 'restoring'],
      ['restore', null, null],
      ['state.change', 'resume', 'active'],
    ]);
    // The refusals are on record as the others are: a refused token with the deployment's entries
    // (like a suspended council's), the refused login in A's chain with the account.
    const refusals = (await t.ds.query(
      `SELECT action, status, council_id, detail FROM audit_log
        WHERE id > $1 AND action IN ('access.denied', 'login.failed')`,
      [before],
    )) as {
      action: string;
      status: number | null;
      council_id: number | null;
      detail: Record<string, unknown>;
    }[];
    expect(refusals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'access.denied',
          status: 503,
          detail: expect.objectContaining({ code: 'COUNCIL_RESTORING', path: '/api/cases' }),
        }),
        expect.objectContaining({
          action: 'access.denied',
          status: 503,
          detail: expect.objectContaining({ code: 'COUNCIL_RESTORING', path: `/public/${a.slug}` }),
        }),
        expect.objectContaining({
          action: 'login.failed',
          council_id: a.id,
          detail: { reason: 'council_restoring' },
        }),
      ]),
    );
    const verdict = await verifyAuditChain(t.ds);
    expect(verdict.ok).toBe(true);
  }, 120_000);

  it('the barrier: with A usable its transaction waits for a held exclusive lock, then goes on; restoring, it is refused at once; B never waits', async () => {
    const uow = t.app.get(UnitOfWork);
    const holder = t.ds.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock($1, $2)`, [COUNCIL_RESTORE_LOCK, a.id]);
      // B's transactions take B's lock: not held back by A's.
      await runInCouncil(b.id, () => uow.run(null, (m) => m.query('SELECT 1')));

      // A usable: the statement saw `active`, so its transaction waits for the lock…
      let done = false;
      const waiting = runInCouncil(a.id, () => uow.run(null, (m) => m.query('SELECT 1'))).then(
        () => (done = true),
      );
      await until(
        'A’s transaction waiting for the barrier',
        async () =>
          (
            (await t.ds.query(
              `SELECT count(*)::int AS n FROM pg_locks
              WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2
                AND mode = 'ShareLock' AND NOT granted`,
              [COUNCIL_RESTORE_LOCK, a.id],
            )) as { n: number }[]
          )[0].n > 0,
      );
      expect(done).toBe(false);
      // …and goes on once it is released.
      await holder.query('ROLLBACK');
      await waiting;
      expect(done).toBe(true);

      // A restoring (committed before the statement): refused without waiting for the held lock.
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock($1, $2)`, [COUNCIL_RESTORE_LOCK, a.id]);
      await t.ds.query(
        `UPDATE municipality SET state = 'restoring', state_before_restore = 'active' WHERE id = $1`,
        [a.id],
      );
      const refused = await runInCouncil(a.id, () => uow.run(null, (m) => m.query('SELECT 1'))).catch(
        (e: unknown) => e,
      );
      expect((refused as AppError).code).toBe('COUNCIL_RESTORING');
      expect((refused as AppError).status).toBe(503);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.release();
      await t.ds.query(
        `UPDATE municipality SET state = 'active', state_before_restore = NULL WHERE id = $1`,
        [a.id],
      );
    }
  }, 60_000);

  it('a failed restore (a login name another council took) puts a suspended A back to suspended', async () => {
    // After the backup A renames a login and B takes the old name: A's restore cannot bring it back.
    await t.ds.query(`UPDATE app_user SET username = 'tanto-a2' WHERE username = 'tanto-a'`);
    await t.ds.query(
      `UPDATE municipality SET state = 'suspended', state_reason = '試験のため' WHERE id = $1`,
      [a.id],
    );
    await runInCouncil(b.id, () =>
      makeUser(t.appDs, {
        username: 'Tanto-A',
        displayName: '乙町の同名の職員',
        role: 'clerk',
        departmentId: b.departmentId,
      }),
    );
    const before = await lastAuditId();
    try {
      const { code, io } = await runRestore(t, [backupPath, '--council', a.slug, '--yes']);
      expect(code).toBe(5);
      expect(io.stderr).toContain('ほかの審議会の行と 1 行重複しています');
      // Its row exactly as before: the suspension's reason too.
      expect(await councilRow(a.id)).toEqual({
        state: 'suspended',
        state_before_restore: null,
        state_reason: '試験のため',
      });
      const moves = await stateChanges(a.id, before);
      expect(moves.map((r) => [r.action, r.detail.transition, r.detail.from, r.detail.to])).toEqual([
        ['state.change', 'restore', 'suspended', 'restoring'],
        ['state.change', 'suspend', 'restoring', 'suspended'],
      ]);
      expect(String(moves[1].detail.reason)).toContain('RESTORE_COUNCIL_CONFLICT');
      // Still suspended: its people cannot sign in (403, not the restore's 503).
      const res = await request(t.http)
        .post('/api/auth/login')
        .send({ username: 'jimukyoku-a', password: 'x' });
      expect(res.body.code).not.toBe('COUNCIL_RESTORING');
    } finally {
      await t.ds.query(`DELETE FROM app_user WHERE username = 'Tanto-A'`);
      await t.ds.query(`UPDATE app_user SET username = 'tanto-a' WHERE username = 'tanto-a2'`);
      await t.ds.query(`UPDATE municipality SET state = 'active' WHERE id = $1`, [a.id]);
    }
  }, 120_000);

  it('a council left restoring (its restore died) refuses a new restore; the platform administrator resumes it', async () => {
    await t.ds.query(
      `UPDATE municipality SET state = 'restoring', state_before_restore = 'active' WHERE id = $1`,
      [a.id],
    );
    const dead = await runRestore(t, [backupPath, '--council', a.slug, '--yes']);
    expect(dead.code).toBe(1);
    expect(dead.io.stderr).toContain('「復元中」です');
    expect((await councilRow(a.id)).state).toBe('restoring');

    await makePlatformAdmin(t.appDs, 'plat-restore', '運用 復元');
    // Its page says so and offers both ways out.
    const { cookie } = await formLogin(t.http, 'plat-restore');
    const page = await request(t.http).get(`/platform/councils/${a.id}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('data-testid="platform-council-restoring"');
    expect(page.text).toContain('<strong>復元中</strong>');
    expect(page.text).toContain(`/platform/councils/${a.id}/resume`);
    expect(page.text).toContain(`/platform/councils/${a.id}/suspend`);
    const plat = { Authorization: `Bearer ${await login(t.http, 'plat-restore')}` };
    const resumed = await request(t.http)
      .post(`/api/platform/councils/${a.id}/resume`)
      .set(plat)
      .send({ reason: '復元の処理が途中で止まったため' });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ state: 'active' });
    expect(await councilRow(a.id)).toMatchObject({ state: 'active', state_before_restore: null });
    const clerkA = { Authorization: `Bearer ${await login(t.http, 'tanto-a')}` };
    await request(t.http).get('/api/cases').set(clerkA).expect(200);
  }, 120_000);

  it('the platform administrator cannot take A out of restoring while a restore holds it', async () => {
    await t.ds.query(
      `UPDATE municipality SET state = 'restoring', state_before_restore = 'active' WHERE id = $1`,
      [a.id],
    );
    const plat = { Authorization: `Bearer ${await login(t.http, 'plat-restore')}` };
    // A connection holding the barrier exclusively, as a running restore does.
    const holder = await t.ds.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock($1, $2)`, [COUNCIL_RESTORE_LOCK, a.id]);
      const refused = await request(t.http)
        .post(`/api/platform/councils/${a.id}/resume`)
        .set(plat)
        .send({ reason: '早すぎる再開' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('PLATFORM_COUNCIL_RESTORE_RUNNING');
      expect((await councilRow(a.id)).state).toBe('restoring');
    } finally {
      await holder.query('ROLLBACK');
      await holder.release();
      await t.ds.query(
        `UPDATE municipality SET state = 'active', state_before_restore = NULL WHERE id = $1`,
        [a.id],
      );
    }
  }, 60_000);
});
