import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { verifyAuditChain } from '../../../src/audit/audit.service';
import { runInCouncil } from '../../../src/database/council-context';
import { MANIFEST_FILE, type BackupManifest } from '../../../src/ops/backup-format';
import {
  expectAttachmentIntact,
  runRestore,
  startTwoCouncilsBackedUp,
  type TestCouncil,
} from '../../support/council-backup';
import { login, makeDepartment, makeUser } from '../../support/factories';
import type { TestApp } from '../../support/test-app';
import { withClient } from '../../support/test-db';
import { makeCase } from '../../support/workflow-factories';
import { councilDigests, databaseDigests, type Digests } from './db-digest';

/** Not taken from the backup: the chain is kept and appended to, the sessions are ended. */
const NOT_REWOUND = ['audit_log', 'user_session'];

let t: TestApp;
let a: TestCouncil;
let b: TestCouncil;
let backupPath: string;
let manifest: BackupManifest;
/** Council A as the backup holds it. */
let aAtBackup: Digests;

const auditRows = (councilId: number) =>
  withClient(t.databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string; action: string; hash: string; detail: unknown }>(
      `SELECT id::text AS id, action, hash, detail FROM audit_log WHERE council_id = $1 ORDER BY audit_log.id`,
      [councilId],
    );
    return rows;
  });

const attachmentPath = (key: string) => join(t.config.dataDir, 'attachments', key);

beforeAll(async () => {
  ({ t, a, b, backupPath } = await startTwoCouncilsBackedUp());
  manifest = JSON.parse(readFileSync(join(backupPath, MANIFEST_FILE), 'utf8')) as BackupManifest;
  aAtBackup = await councilDigests(t.databaseUrl, a.id, { except: NOT_REWOUND });

  // After the backup, A's secretariat deletes by mistake: the case goes, its file is purged, a
  // department is added, a login renamed. B goes on working: a new case, a renamed department.
  const deleted = await request(t.http).delete(`/api/cases/${a.caseId}`).set(a.clerk);
  expect(deleted.status).toBeLessThan(300);
  rmSync(attachmentPath(a.storageKey), { force: true });
  await runInCouncil(a.id, () => makeDepartment(t.appDs, { code: 'shinsetsu', name: '甲市新設課' }));
  await t.ds.query(`UPDATE app_user SET username = 'jimukyoku-a2' WHERE username = 'jimukyoku-a'`);
  await runInCouncil(b.id, () =>
    makeCase(t.appDs, { departmentId: b.departmentId, createdById: b.clerkId, title: '乙町公園管理事務' }),
  );
  await t.ds.query(`UPDATE department SET name = '乙町企画調整課' WHERE id = $1`, [b.departmentId]);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('restore one council from a full backup: refusals', () => {
  it('refuses a council the backup does not hold, naming the ones it does', async () => {
    const before = await databaseDigests(t.databaseUrl);
    const { code, io } = await runRestore(t, [backupPath, '--council', 'no-such-town', '--yes']);
    expect(code).toBe(1);
    expect(io.stderr).toContain('審議会「no-such-town」はこのバックアップにありません');
    expect(io.stderr).toContain(a.slug);
    expect(io.stderr).toContain(b.slug);
    expect(await databaseDigests(t.databaseUrl)).toEqual(before);
  });

  it('refuses when the schema version differs from the backup', async () => {
    await t.ds.query(`INSERT INTO migrations (timestamp, name) VALUES (1763754599999, 'Later1763754599999')`);
    try {
      const before = await databaseDigests(t.databaseUrl);
      const { code, io } = await runRestore(t, [backupPath, '--council', a.slug, '--yes']);
      expect(code).toBe(1);
      expect(io.stderr).toContain('スキーマのバージョン');
      expect(io.stderr).toContain('復元先だけにあるもの: Later1763754599999');
      expect(await databaseDigests(t.databaseUrl)).toEqual(before);
    } finally {
      await t.ds.query(`DELETE FROM migrations WHERE name = 'Later1763754599999'`);
    }
  });

  it('asks first: a no, or no terminal to ask on, changes nothing', async () => {
    const before = await databaseDigests(t.databaseUrl);
    const no = await runRestore(t, [backupPath, '--council', a.slug], false);
    expect(no.code).toBe(1);
    expect(no.io.asked.join('')).toContain('バックアップの時点');
    expect(no.io.stderr).toContain('中止しました');
    const unattended = await runRestore(t, [backupPath, '--council', a.slug], null);
    expect(unattended.code).toBe(2);
    expect(unattended.io.stderr).toContain('--yes を付けて実行してください');
    expect(await databaseDigests(t.databaseUrl)).toEqual(before);
  });

  it('refuses a login name another council took since, writing nothing; the dry run names it', async () => {
    await runInCouncil(b.id, () =>
      makeUser(t.appDs, {
        username: 'Jimukyoku-A',
        displayName: '乙町の同名の職員',
        role: 'clerk',
        departmentId: b.departmentId,
      }),
    );
    try {
      // The audit log aside: the failed restore records A's moves into `restoring` and back
      // (council-restore-barrier.test.ts); every other row is as it was, A's council row included.
      const before = await databaseDigests(t.databaseUrl, { except: ['audit_log'] });
      const dry = await runRestore(t, [backupPath, '--council', a.slug, '--dry-run']);
      expect(dry.code).toBe(5);
      expect(dry.io.stderr).toContain('衝突があるため復元できません');
      expect(dry.io.stderr).toContain('lower(username)');
      const { code, io } = await runRestore(t, [backupPath, '--council', a.slug, '--yes']);
      expect(code).toBe(5);
      expect(io.stderr).toContain('ほかの審議会の行と 1 行重複しています');
      expect(await databaseDigests(t.databaseUrl, { except: ['audit_log'] })).toEqual(before);
    } finally {
      await t.ds.query(`DELETE FROM app_user WHERE username = 'Jimukyoku-A'`);
    }
  });
});

describe('restore one council from a full backup', () => {
  it('dry run: reports what it would replace, writes nothing', async () => {
    const before = await databaseDigests(t.databaseUrl);
    const { code, io } = await runRestore(t, [backupPath, '--council', String(a.id), '--dry-run']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout).toContain('確認のみ');
    expect(io.stdout).toContain('衝突はありません');
    expect(await databaseDigests(t.databaseUrl)).toEqual(before);
  });

  it('puts A back as at the backup and leaves B as changed; every audit chain verifies', async () => {
    const bBefore = await councilDigests(t.databaseUrl, b.id);
    const aAudit = await auditRows(a.id);
    expect(await councilDigests(t.databaseUrl, a.id, { except: NOT_REWOUND })).not.toEqual(aAtBackup);

    const { code, io } = await runRestore(t, [backupPath, '--council', a.slug, '--yes']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout).toContain(`審議会 ${a.id}（${a.slug}`);
    expect(io.stdout).toContain('時点に戻しました');

    // A: every table as the backup has it; B: every row as it was just before, its audit log and sessions included.
    expect(await councilDigests(t.databaseUrl, a.id, { except: NOT_REWOUND })).toEqual(aAtBackup);
    expect(await councilDigests(t.databaseUrl, b.id)).toEqual(bBefore);

    // A's chain keeps every entry it had (the deletion included) and records after them the move
    // into `restoring`, the restore and the move back.
    const after = await auditRows(a.id);
    expect(after.slice(0, aAudit.length)).toEqual(aAudit);
    expect(
      after
        .slice(aAudit.length)
        .map((r) => [
          r.action,
          (r.detail as { backup?: string }).backup ?? (r.detail as { transition?: string }).transition,
        ]),
    ).toEqual([
      ['state.change', 'restore'],
      ['restore', manifest.name],
      ['state.change', 'resume'],
    ]);
    const verdict = await verifyAuditChain(t.ds, { anchor: manifest.auditHead ?? undefined });
    expect(verdict.broken).toEqual([]);
    expect(verdict.ok).toBe(true);

    // A's sessions ended; B's still work. A's people sign in again and find the case and its file.
    await request(t.http).get('/api/auth/me').set(a.clerk).expect(401);
    await request(t.http).get('/api/auth/me').set(b.clerk).expect(200);
    const clerkA = { Authorization: `Bearer ${await login(t.http, 'tanto-a')}` };
    const cases = await request(t.http).get('/api/cases').set(clerkA).expect(200);
    expect(JSON.stringify(cases.body)).toContain('甲市雨水タンク補助金交付事務');
    expect(JSON.stringify(cases.body)).not.toContain('乙町');
    expect(existsSync(attachmentPath(a.storageKey))).toBe(true);
    await expectAttachmentIntact(t.http, a, clerkA);
    // The renamed login is back to its old name; B's work is still there.
    await login(t.http, 'jimukyoku-a');
    const bCases = await request(t.http).get('/api/cases').set(b.clerk).expect(200);
    expect(JSON.stringify(bCases.body)).toContain('乙町公園管理事務');
  });
});
