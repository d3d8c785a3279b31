import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { runInCouncil, setCouncilOutsideScopes } from '../../../src/database/council-context';
import { COUNCIL_KEYED_BY_ID_TABLES, COUNCIL_TABLES } from '../../../src/database/council-tables';
import { MANIFEST_FILE, type BackupManifest } from '../../../src/ops/backup-format';
import {
  createCouncil,
  databaseExists,
  expectAttachmentIntact,
  runRestore,
  scratchDatabases,
  type TestCouncil,
} from '../../support/council-backup';
import { login, makeUser } from '../../support/factories';
import { backUpApp } from '../../support/backup-files';
import { startTestApp, type TestApp } from '../../support/test-app';
import { testTempDir, withClient } from '../../support/test-db';
import { databaseDigests } from './db-digest';

let source: TestApp;
let target: TestApp;
let a: TestCouncil;
let b: TestCouncil;
let c: TestCouncil;
let backupPath: string;
let manifest: BackupManifest;
const databases = scratchDatabases();

const restore = (args: string[], app: TestApp = target) => runRestore(app, args);

beforeAll(async () => {
  setCouncilOutsideScopes(null);
  source = await startTestApp();
  a = await createCouncil(source, 'a', '甲市', false);
  b = await createCouncil(source, 'b', '乙町', true);
  // Another installation with a council of its own (number 1, like 甲市 in the source).
  target = await startTestApp();
  c = await createCouncil(target, 'c', '丙村', false);
}, 180_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  await databases.dropAll();
});

describe('backup of one council', () => {
  it('holds only that council: every table file, its municipality row, its attachment', async () => {
    backupPath = await backUpApp(source, { council: b.slug });
    manifest = JSON.parse(readFileSync(join(backupPath, MANIFEST_FILE), 'utf8')) as BackupManifest;
    expect(manifest.scope).toEqual({ council: { id: b.id, slug: b.slug, name: '乙町個人情報保護審議会' } });
    expect(b.id).not.toBe(a.id);

    const names = manifest.tables.map((x) => x.name).sort();
    expect(names).toEqual([...COUNCIL_TABLES, 'municipality'].sort());
    for (const table of manifest.tables) {
      const keyColumn =
        table.name === 'municipality' || COUNCIL_KEYED_BY_ID_TABLES.includes(table.name)
          ? 'id'
          : 'council_id';
      const at = table.columns.indexOf(keyColumn);
      const text = gunzipSync(readFileSync(join(backupPath, table.file))).toString('utf8');
      const lines = text.split('\n').filter((l) => l !== '');
      expect({ [table.name]: lines.length }).toEqual({ [table.name]: table.rows });
      for (const line of lines)
        expect({ [table.name]: line.split('\t')[at] }).toEqual({ [table.name]: String(b.id) });
      expect({ [table.name]: text.includes('甲市') }).toEqual({ [table.name]: false });
    }
    const rows = (name: string) => manifest.tables.find((x) => x.name === name)!.rows;
    expect(rows('municipality')).toBe(1);
    expect(rows('case_file')).toBe(1);
    expect(rows('case_attachment')).toBe(1);
    expect(rows('app_user')).toBeGreaterThanOrEqual(2);
    expect(manifest.attachments?.files.map((f) => f.path)).toEqual([b.storageKey]);
  });
});

describe('restore of one council into another installation', () => {
  it('dry run: reports the rows, no conflicts, writes nothing', async () => {
    const before = await databaseDigests(target.databaseUrl);
    const { code, io } = await restore([backupPath, '--council', b.slug, '--dry-run']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout).toContain('衝突はありません');
    expect(await databaseDigests(target.databaseUrl)).toEqual(before);
  });

  it('refuses a login name the target already has, whatever its case, writing nothing', async () => {
    await runInCouncil(c.id, () =>
      makeUser(target.appDs, { username: 'Tanto-B', displayName: '丙村の同名の事務局', role: 'secretariat' }),
    );
    const before = await databaseDigests(target.databaseUrl);
    const dry = await restore([backupPath, '--dry-run']);
    expect(dry.code).toBe(5);
    expect(dry.io.stderr).toContain('uq_app_user_username');
    expect(dry.io.stderr).not.toContain(`審議会の番号 ${b.id}`);
    const { code, io } = await restore([backupPath, '--yes']);
    expect(code).toBe(5);
    expect(io.stderr).toContain('lower(username)');
    expect(await databaseDigests(target.databaseUrl)).toEqual(before);
    await target.ds.query(`DELETE FROM app_user WHERE username = 'Tanto-B'`);
  });

  it("loads the council beside the target's own; B's admin reads its case and attachment there", async () => {
    const { code, io } = await restore([backupPath, '--council', String(b.id), '--yes']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout).toContain(`審議会 ${b.id}（${b.slug}`);

    // B's admin signs in on the target and manages B's own users only.
    const admin = { Authorization: `Bearer ${await login(target.http, 'admin-b')}` };
    const users = JSON.stringify(
      (await request(target.http).get('/api/admin/users').set(admin).expect(200)).body,
    );
    expect(users).toContain('tanto-b');
    expect(users).not.toContain('tanto-c');
    // B's clerk reads B's case (a draft of the clerk's department) and its attachment, byte for byte.
    const clerkB = { Authorization: `Bearer ${await login(target.http, 'tanto-b')}` };
    const cases = await request(target.http).get('/api/cases').set(clerkB).expect(200);
    expect(JSON.stringify(cases.body)).toContain('乙町雨水タンク補助金交付事務');
    expect(JSON.stringify(cases.body)).not.toContain('丙村');
    await expectAttachmentIntact(target.http, b, clerkB);
    // The target's own council still sees only its own case.
    const own = await request(target.http).get('/api/cases').set(c.clerk).expect(200);
    expect(JSON.stringify(own.body)).toContain('丙村');
    expect(JSON.stringify(own.body)).not.toContain('乙町');
    // B's restored audit rows took new ids past the target's, and B's chain goes on after them.
    const [{ restored }] = (await target.ds.query(
      `SELECT count(*)::int AS restored FROM audit_log WHERE council_id = $1`,
      [b.id],
    )) as { restored: number }[];
    expect(restored).toBeGreaterThan(manifest.tables.find((x) => x.name === 'audit_log')!.rows);
  });

  it('a second restore is refused with the conflicts named, nothing changed', async () => {
    const before = await databaseDigests(target.databaseUrl);
    const { code, io } = await restore([backupPath, '--yes']);
    expect(code).toBe(5);
    expect(io.stderr).toContain(`審議会の番号 ${b.id} は復元先にあります`);
    expect(io.stderr).toContain('表 app_user');
    expect(await databaseDigests(target.databaseUrl)).toEqual(before);

    const dry = await restore([backupPath, '--dry-run']);
    expect(dry.code).toBe(5);
    expect(dry.io.stderr).toContain('衝突があるため復元できません');
    expect(await databaseDigests(target.databaseUrl)).toEqual(before);
  });

  it('a backup of another council than --council names is refused', async () => {
    const { code, io } = await restore([backupPath, '--council', 'no-such-council', '--yes']);
    expect(code).toBe(1);
    expect(io.stderr).toContain('--council no-such-council とは一致しません');
  });
});

describe('restore of one council into a new database', () => {
  it('creates the database and loads the council alone', async () => {
    const url = databases.url('council_b');
    const dir = testTempDir('council-restore-');
    const { code, io } = await restore([backupPath, '--yes', '--target-url', url, '--attachments-dir', dir]);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const counts = await withClient(url, async (client) => {
      const m = await client.query<{ id: number; slug: string }>(
        'SELECT id::int AS id, slug FROM municipality',
      );
      const cases = await client.query<{ title: string }>('SELECT title FROM case_file');
      return { municipalities: m.rows, cases: cases.rows.map((r) => r.title) };
    });
    expect(counts).toEqual({
      municipalities: [{ id: b.id, slug: b.slug }],
      cases: ['乙町雨水タンク補助金交付事務'],
    });
    expect(Buffer.compare(readFileSync(join(dir, b.storageKey)), b.pdf)).toBe(0);
  });
});

describe('a tampered council backup', () => {
  it('is refused before anything is written', async () => {
    const copy = join(testTempDir('council-tampered-'), 'backup');
    cpSync(backupPath, copy, { recursive: true });
    const file = join(copy, 'data/case_file.copy.gz');
    const text = gunzipSync(readFileSync(file)).toString('utf8').replace('乙町', '丁町');
    writeFileSync(file, gzipSync(text));
    const url = databases.url('council_tampered');
    const before = await databaseDigests(target.databaseUrl);
    const { code, io } = await restore([copy, '--yes', '--target-url', url]);
    expect(code).toBe(3);
    expect(io.stderr).toContain('data/case_file.copy.gz のチェックサムが一致しません');
    expect(await databaseDigests(target.databaseUrl)).toEqual(before);
    expect(await databaseExists(url)).toBe(false);
  });
});
