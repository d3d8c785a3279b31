import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { BinService } from '../../../src/cases/bin.service';
import { runBackup } from '../../../src/ops/backup';
import { sha256 } from '../../../src/ops/backup-format';
import { attachFile, createCase, seedCaseCatalog } from '../../support/case-fixtures';
import { userWithToken } from '../../support/factories';
import { copyBackup, readManifest, resealBackup } from '../../support/backup-files';
import { databaseExists, runRestore, scratchDatabases } from '../../support/council-backup';
import { startTestApp, type TestApp } from '../../support/test-app';
import { testTempDir } from '../../support/test-db';

let t: TestApp;
let clerk: Awaited<ReturnType<typeof userWithToken>>;
let backupPath: string;
const databases = scratchDatabases();
const KEY = '5d0c6a52-93a4-4b8e-9d55-1f2e3a4b5c6d.pdf';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * A copy of a real backup whose manifest names an attachment by `key`, with the file placed where
 * today's restore would read it (`<backup>/attachments/<key>`, wherever that leads), and every
 * checksum recomputed so that only the path itself is wrong.
 */
async function craftBackup(key: string, content: string): Promise<string> {
  const dir = await copyBackup(backupPath, 'shingikai-crafted-');
  const source = join(dir, 'attachments', key);
  mkdirSync(dirname(source), { recursive: true });
  writeFileSync(source, content);
  const manifest = readManifest(dir);
  manifest.attachments = {
    files: [
      ...(manifest.attachments?.files ?? []),
      { path: key, bytes: Buffer.byteLength(content), sha256: sha256(content) },
    ],
  };
  await resealBackup(dir, manifest);
  return dir;
}

/** An unattended restore of `backup` into a new database and an attachments folder of our choosing. */
function restoreInto(backup: string, target: string, attachmentsDir: string) {
  return runRestore(t, [backup, '--yes', '--target-url', target, '--attachments-dir', attachmentsDir]);
}

/** A new case of the clerk with a PDF attached through the API; the attachment's id. */
async function caseWithAttachment(title: string): Promise<{ caseId: string; attachmentId: string }> {
  const c = await createCase(t.http, clerk.auth, { title });
  const up = await attachFile(t.http, clerk.auth, c.id, PDF, '資料.pdf');
  return { caseId: c.id, attachmentId: up.id };
}

beforeAll(async () => {
  t = await startTestApp();
  await seedCaseCatalog(t.ds);
  clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
  const attachments = join(t.config.dataDir, 'attachments');
  mkdirSync(attachments, { recursive: true });
  writeFileSync(join(attachments, KEY), PDF);
  // A stray file that is not a storage key is not part of a backup (a restore would refuse it).
  writeFileSync(join(attachments, 'notes.txt'), 'stray');
  const outcome = await runBackup({
    databaseUrl: t.databaseUrl,
    backupDir: testTempDir('shingikai-paths-backup-'),
    attachmentsDir: attachments,
    keep: 2,
    trigger: 'command',
  });
  if (outcome.status !== 'ok') throw new Error('backup skipped');
  backupPath = outcome.path;
});

afterAll(async () => {
  await t.close();
  await databases.dropAll();
});

describe('restore refuses paths that leave their folder', () => {
  it('the backup holds only stored files', () => {
    const manifest = readManifest(backupPath);
    expect(manifest.attachments?.files.map((f) => f.path)).toEqual([KEY]);
  });

  it('a `../` attachment key is refused before anything is written, naming the entry', async () => {
    const crafted = await craftBackup('../escaped.pdf', 'written outside');
    const attachmentsDir = join(testTempDir('shingikai-restore-target-'), 'deep', 'attachments');
    mkdirSync(attachmentsDir, { recursive: true });
    const outside = join(attachmentsDir, '..', 'escaped.pdf');
    const target = databases.url('paths');

    const dry = await runRestore(t, [crafted, '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.io.stderr).toContain('"../escaped.pdf"');

    const { code, io } = await restoreInto(crafted, target, attachmentsDir);
    expect(code).toBe(3);
    expect(io.stderr).toContain('フォルダの外を指す');
    expect(io.stderr).toContain('"../escaped.pdf"');
    expect(existsSync(outside)).toBe(false);
    expect(await readdir(attachmentsDir)).toEqual([]);
    expect(await databaseExists(target)).toBe(false);
  });

  it('an absolute attachment path is refused', async () => {
    const victim = join(testTempDir('shingikai-victim-'), 'absolute.pdf');
    const crafted = await craftBackup(victim, 'absolute');
    const attachmentsDir = testTempDir('shingikai-restore-abs-');
    const target = databases.url('paths_abs');
    const { code, io } = await restoreInto(crafted, target, attachmentsDir);
    expect(code).toBe(3);
    expect(io.stderr).toContain(JSON.stringify(victim));
    expect(existsSync(victim)).toBe(false);
    expect(await readdir(attachmentsDir)).toEqual([]);
    expect(await databaseExists(target)).toBe(false);
  });

  it('a symlink in the target folder pointing outside is refused, and its target stays untouched', async () => {
    const attachmentsDir = testTempDir('shingikai-restore-link-');
    const victim = join(testTempDir('shingikai-victim-'), 'victim.pdf');
    symlinkSync(victim, join(attachmentsDir, KEY));
    const target = databases.url('paths_link');
    const { code, io } = await restoreInto(backupPath, target, attachmentsDir);
    expect(code).toBe(3);
    expect(io.stderr).toContain(`"${KEY}"`);
    expect(existsSync(victim)).toBe(false);
    expect(await databaseExists(target)).toBe(false);
  });
});

describe('a stored key that leaves the attachments folder', () => {
  it('is never read: the download answers a 404 problem', async () => {
    const { caseId, attachmentId } = await caseWithAttachment('保存名の検証');
    const secret = join(t.config.dataDir, 'secret.pdf');
    writeFileSync(secret, '%PDF-1.4 secret outside the attachments folder');
    await t.ds.query(`UPDATE case_attachment SET storage_key = '../secret.pdf' WHERE id = $1`, [
      attachmentId,
    ]);

    const res = await request(t.http).get(`/api/cases/${caseId}/attachments/${attachmentId}`).set(clerk.auth);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('CASE_ATTACHMENT_NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain('secret outside');
  });

  it('is never deleted by the bin purge', async () => {
    const { attachmentId } = await caseWithAttachment('削除対象の検証');
    const outside = join(t.config.dataDir, 'keep-me.pdf');
    writeFileSync(outside, 'must survive');
    await t.ds.query(
      `UPDATE case_attachment SET storage_key = '../keep-me.pdf', deleted_at = now() - interval '40 days'
        WHERE id = $1`,
      [attachmentId],
    );
    const result = await t.app.get(BinService).purgeExpired();
    expect(result.attachments).toBe(1);
    expect(readFileSync(outside, 'utf8')).toBe('must survive');
  });
});
