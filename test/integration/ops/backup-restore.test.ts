import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService, verifyAuditChain } from '../../../src/audit/audit.service';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { ENTITIES } from '../../../src/database/entities';
import { runBackup } from '../../../src/ops/backup';
import { sha256, SUMS_FILE, type BackupManifest } from '../../../src/ops/backup-format';
import { BackupScheduler } from '../../../src/ops/backup.scheduler';
import { BackupService } from '../../../src/ops/backup.service';
import { login, makeDepartment, makeUser, userWithToken } from '../../support/factories';
import { copyBackup, readManifest, resealBackup } from '../../support/backup-files';
import { databaseExists, runRestore, scratchDatabases } from '../../support/council-backup';
import { startTestApp, type TestApp } from '../../support/test-app';
import { testTempDir } from '../../support/test-db';
import { databaseDigests, type Digests } from './db-digest';
import { sampleContents } from '../../support/sample-app';

let t: TestApp;
let adminAuth: { Authorization: string };
let adminToken: string;
const databases = scratchDatabases();

beforeAll(async () => {
  t = await startTestApp({ contents: sampleContents(undefined, { passwordsChanged: false }) });
  const admin = await userWithToken(t.http, t.ds, { role: 'admin' });
  adminAuth = admin.auth;
  adminToken = admin.token;
}, 120_000);

afterAll(async () => {
  await t.close();
  await databases.dropAll();
});

/** Data in every table the application has so far: cases, sessions, audit rows, attachments. */
async function fillDatabase(): Promise<void> {
  const dept = await makeDepartment(t.ds, { name: 'バックアップ検証課' });
  const clerk = await makeUser(t.ds, { role: 'clerk', departmentId: dept.id, displayName: '髙橋 﨑子' });
  await login(t.http, clerk.username, clerk.password);
  await request(t.http)
    .post('/api/auth/login')
    .send({ username: clerk.username, password: 'wrong-password-1' });
  for (let i = 0; i < 30; i++) {
    await t.ds.query(
      `INSERT INTO case_file (department_id, title, status, created_by_id, receipt_number)
       VALUES ($1, $2, 'draft', $3, $4)`,
      [dept.id, `事案 ${i}: 改行\nタブ\t引用'"\\ 𠮷`, clerk.id, i % 3 === 0 ? `R8-${i}` : null],
    );
  }
  await request(t.http).get('/api/admin/users').set(adminAuth).expect(200);
  mkdirSync(join(t.config.dataDir, 'attachments'), { recursive: true });
  writeFileSync(
    join(t.config.dataDir, 'attachments', '0b7f5f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.pdf'),
    Buffer.from('%PDF-1.7 添付ファイル'),
  );
}

describe('backup and restore round trip', () => {
  let atBackup: Digests;
  let backupPath: string;
  let manifest: BackupManifest;

  it('writes a consistent backup with a manifest and checksums, recorded in backup_run', async () => {
    await fillDatabase();
    atBackup = await databaseDigests(t.databaseUrl, { except: ['migrations'] });
    const outcome = await t.app.get(BackupService).run('command');
    if (outcome.status !== 'ok') throw new Error(`backup skipped: ${outcome.reason}`);
    backupPath = outcome.path;
    manifest = readManifest(backupPath);

    // Every table of the database is in the backup, with the rows it had.
    expect(manifest.tables.map((x) => x.name).sort()).toEqual(Object.keys(atBackup).sort());
    for (const table of manifest.tables)
      expect({ [table.name]: table.rows }).toEqual({ [table.name]: atBackup[table.name].rows });
    // The 30 inserted here on top of the sample cases.
    expect(atBackup.case_file.rows).toBeGreaterThanOrEqual(30);
    expect(manifest.tables.find((x) => x.name === 'case_file')?.rows).toBe(atBackup.case_file.rows);
    expect(manifest.migrations).toContain('BackupRun1763750400000');
    expect(manifest.postgresVersion).toMatch(/^18\./);
    expect(manifest.attachments?.files).toEqual([
      expect.objectContaining({ path: '0b7f5f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.pdf' }),
    ]);
    const sums = readFileSync(join(backupPath, SUMS_FILE), 'utf8');
    expect(sums).toContain('  manifest.json\n');
    expect(sums).toContain('  data/audit_log.copy.gz\n');

    const res = await request(t.http).get('/api/admin/backups').set(adminAuth).expect(200);
    expect(res.body[0]).toMatchObject({
      status: 'ok',
      trigger: 'command',
      name: outcome.name,
      tableCount: manifest.tables.length,
    });
    expect(res.body[0].sizeBytes).toBeGreaterThan(0);
  });

  it('dry-run lists the contents and verifies the checksums without restoring', async () => {
    const { code, io } = await runRestore(t, [backupPath, '--dry-run']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout).toContain('検証に成功しました');
    expect(io.stdout).toMatch(new RegExp(`case_file\\s+${atBackup.case_file.rows} 行`));
    expect(io.stdout).toContain('Foundation1763750000000');
  });

  it('refuses to restore over a database that holds data, and changes nothing', async () => {
    const before = await databaseDigests(t.databaseUrl, {
      except: ['audit_log', 'user_session', 'app_user'],
    });
    const { code, io } = await runRestore(t, [backupPath, '--yes', '--target-url', t.databaseUrl]);
    expect(code).toBe(1);
    expect(io.stderr).toContain('復元先のデータベースは空ではありません');
    expect(
      await databaseDigests(t.databaseUrl, { except: ['audit_log', 'user_session', 'app_user'] }),
    ).toEqual(before);
  });

  it('asks before restoring and stops when the answer is no or nobody can answer', async () => {
    const target = databases.url();
    const declined = await runRestore(t, [backupPath, '--target-url', target], false);
    expect(declined.code).toBe(1);
    expect(declined.io.stderr).toContain('中止しました');
    const noTerminal = await runRestore(t, [backupPath, '--target-url', target], null);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.io.stderr).toContain('--yes');
    expect(await databaseExists(target)).toBe(false);
  });

  it('after changes and deletions, restores every table exactly as it was at backup time', async () => {
    // Change and delete data after the backup.
    await t.ds.query(`UPDATE department SET name = name || '（改）'`);
    await t.ds.query(`DELETE FROM case_file WHERE receipt_number IS NULL`);
    await makeUser(t.ds, { role: 'secretariat' });
    await request(t.http).get('/api/departments').set(adminAuth).expect(200);
    const changed = await databaseDigests(t.databaseUrl, { except: ['migrations'] });
    for (const table of ['department', 'case_file', 'app_user', 'audit_log', 'backup_run'])
      expect({ table, same: changed[table].sha256 === atBackup[table].sha256 }).toEqual({
        table,
        same: false,
      });

    const target = databases.url();
    const attachmentsDir = testTempDir('shingikai-restored-attachments-');
    const { code, io } = await runRestore(t, [
      backupPath,
      '--yes',
      '--target-url',
      target,
      '--attachments-dir',
      attachmentsDir,
    ]);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout).toContain('データベースを新規作成');

    const restored = await databaseDigests(target, { except: ['migrations'] });
    expect(restored).toEqual(atBackup);
    expect(readFileSync(join(attachmentsDir, '0b7f5f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.pdf'), 'utf8')).toBe(
      '%PDF-1.7 添付ファイル',
    );

    // The restored database works: its audit chain verifies, and new rows continue the identity
    // sequence and the chain.
    const ds = new DataSource(dataSourceOptions(target, ENTITIES));
    await ds.initialize();
    try {
      const verdict = await verifyAuditChain(ds);
      expect(verdict).toEqual({ ok: true, rows: atBackup.audit_log.rows, broken: [], brokenCount: 0 });
      const [{ max }] = await ds.query('SELECT max(id)::text AS max FROM audit_log');
      await new AuditService(ds).record({ actor: null, action: 'restore.check' });
      const [{ id }] = await ds.query(`SELECT id::text AS id FROM audit_log WHERE action = 'restore.check'`);
      expect(BigInt(id)).toBeGreaterThan(BigInt(max));
      expect((await verifyAuditChain(ds)).ok).toBe(true);
      // The append-only trigger is back on after the load.
      await expect(ds.query(`UPDATE audit_log SET actor_name = 'x' WHERE id = 1`)).rejects.toThrow(
        /append-only/,
      );
      await expect(ds.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await ds.destroy();
    }
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  it('detects a tampered backup in the dry run and refuses to restore it', async () => {
    const tampered = await copyBackup(backupPath, 'shingikai-tampered-');
    const table = manifest.tables.find((x) => x.name === 'department')!;
    writeFileSync(join(tampered, table.file), gzipSync('forged\trow\n'));

    const dry = await runRestore(t, [tampered, '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.io.stderr).toContain(`${table.file} のチェックサムが一致しません`);

    const target = databases.url();
    const { code, io } = await runRestore(t, [tampered, '--yes', '--target-url', target]);
    expect(code).toBe(3);
    expect(io.stderr).toContain('破損しているか、改変されています');
    rmSync(tampered, { recursive: true, force: true });
  });

  it('a forgery with recomputed file checksums is caught by the content digest, and the new database removed', async () => {
    const forged = await copyBackup(backupPath, 'shingikai-forged-');
    const table = manifest.tables.find((x) => x.name === 'department')!;
    const data = gunzipSync(readFileSync(join(forged, table.file))).toString('utf8');
    const altered = data.replace('バックアップ検証課', '改ざん課');
    expect(altered).not.toBe(data);
    writeFileSync(join(forged, table.file), gzipSync(altered));
    await resealBackup(forged, {
      ...manifest,
      tables: manifest.tables.map((x) => (x.name === table.name ? { ...x, dataSha256: sha256(altered) } : x)),
    });

    expect((await runRestore(t, [forged, '--dry-run'])).code).toBe(0);

    const target = databases.url();
    const { code, io } = await runRestore(t, [forged, '--yes', '--target-url', target]);
    expect(code).toBe(1);
    expect(io.stderr).toContain('表 department: 内容のハッシュが一致しません');
    expect(await databaseExists(target)).toBe(false);
    rmSync(forged, { recursive: true, force: true });
  });
});

describe('backup history and schedule', () => {
  it('a failed backup is recorded, listed by the API and shown on the admin dashboard', async () => {
    const notADirectory = join(t.config.dataDir, 'not-a-directory');
    writeFileSync(notADirectory, 'x');
    await expect(
      runBackup({
        databaseUrl: t.databaseUrl,
        backupDir: t.config.backup.dir,
        attachmentsDir: notADirectory,
        keep: 14,
        trigger: 'command',
      }),
    ).rejects.toMatchObject({ code: 'BACKUP_FAILED' });
    const res = await request(t.http).get('/api/admin/backups').set(adminAuth).expect(200);
    expect(res.body[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('ENOTDIR') });
    const leftovers = (await readdir(t.config.backup.dir)).filter((n) => n.startsWith('.partial-'));
    expect(leftovers).toEqual([]);

    const page = await request(t.http).get('/').set('Cookie', `shingikai_session=${adminToken}`).expect(200);
    expect(page.text).toContain('直近のバックアップ');
    expect(page.text).toContain('失敗しました');
  });

  it('two instances firing the same nightly slot produce one backup', async () => {
    const scheduler = t.app.get(BackupScheduler);
    const at = new Date('2031-01-01T17:30:00Z');
    await Promise.all([scheduler.tick(at), scheduler.tick(new Date(at.getTime() + 15_000))]);
    await scheduler.tick(at);
    const rows: { status: string }[] = await t.ds.query(`SELECT status FROM backup_run WHERE slot = $1`, [
      at,
    ]);
    expect(rows).toEqual([{ status: 'ok' }]);
  });

  it('keeps only the newest BACKUP_KEEP backups', async () => {
    const dir = testTempDir('shingikai-keep-');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await runBackup({
        databaseUrl: t.databaseUrl,
        backupDir: dir,
        attachmentsDir: null,
        keep: 2,
        trigger: 'command',
        now: () => new Date(Date.UTC(2031, 0, 2, 3, 0, i)),
      });
      if (outcome.status !== 'ok') throw new Error('skipped');
      names.push(outcome.name);
    }
    expect((await readdir(dir)).sort()).toEqual([names[1], names[2]].sort());
    const [row] = await t.ds.query(`SELECT pruned_at FROM backup_run WHERE name = $1`, [names[0]]);
    expect(row.pruned_at).not.toBeNull();
    expect(existsSync(join(dir, names[2], SUMS_FILE))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns on the dashboard when the last successful backup is more than two days old', async () => {
    await t.ds.query(
      `UPDATE backup_run SET status = 'ok', error = NULL,
              started_at = now() - interval '3 days', finished_at = now() - interval '3 days'`,
    );
    expect((await t.app.get(BackupService).health()).needsAttention).toBe(true);
    const page = await request(t.http).get('/').set('Cookie', `shingikai_session=${adminToken}`).expect(200);
    expect(page.text).toContain('2日以上、成功したバックアップがありません');
    await t.ds.query(`UPDATE backup_run SET finished_at = now() - interval '1 day'`);
    expect((await t.app.get(BackupService).health()).needsAttention).toBe(false);
  });
});
