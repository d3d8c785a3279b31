import { join } from 'node:path';
import request from 'supertest';
import { CouncilSetupService } from '../../src/council/setup/council-setup.service';
import { runInCouncil, setCouncilOutsideScopes } from '../../src/database/council-context';
import { runRestoreCommand, type RestoreContext, type RestoreIo } from '../../src/ops/restore-command';
import type { App } from 'supertest/types';
import { backUpApp } from './backup-files';
import { attachFile } from './case-fixtures';
import { downloadBinary } from './download';
import { councilSetupInput } from './councils';
import { login, makeDepartment, makeUser } from './factories';
import { startTestApp, type TestApp } from './test-app';
import { onCluster, testDatabaseUrl } from './test-db';
import { makeCase } from './workflow-factories';

export type Auth = { Authorization: string };

/** A council of a test deployment, with its people's tokens and its first case and attachment. */
export interface TestCouncil {
  id: number;
  slug: string;
  admin: Auth;
  secretariat: Auth;
  clerk: Auth;
  clerkId: string;
  departmentId: string;
  caseId: string;
  attachmentId: string;
  storageKey: string;
  pdf: Buffer;
}

/** Expects the council's attachment to download as `auth` from `http` byte for byte as it was attached. */
export async function expectAttachmentIntact(http: App, council: TestCouncil, auth: Auth): Promise<void> {
  const file = await downloadBinary(
    http,
    `/api/cases/${council.caseId}/attachments/${council.attachmentId}`,
    auth,
  ).expect(200);
  expect(Buffer.compare(file.body as Buffer, council.pdf)).toBe(0);
}

/** A restore's terminal: what it wrote, and the answer it gives to the confirmation (null: no terminal). */
export function fakeRestoreIo(
  confirmAnswer: boolean | null = true,
): RestoreIo & { stdout: string; stderr: string; asked: string[] } {
  const io = {
    stdout: '',
    stderr: '',
    asked: [] as string[],
    out: (s: string) => void (io.stdout += s),
    err: (s: string) => void (io.stderr += s),
    confirm: async (question: string) => {
      io.asked.push(question);
      return confirmAnswer;
    },
  };
  return io;
}

/** The restore command's context for a test app: its backup folder, attachments folder and database. */
export function restoreContext(t: TestApp): RestoreContext {
  return {
    backupDir: t.config.backup.dir,
    defaultAttachmentsDir: join(t.config.dataDir, 'attachments'),
    configuredDatabaseUrl: async () => t.databaseUrl,
  };
}

/** `npm run restore -- <args>` against a test app; the exit code and what it wrote. */
export async function runRestore(t: TestApp, args: string[], confirmAnswer: boolean | null = true) {
  const io = fakeRestoreIo(confirmAnswer);
  const code = await runRestoreCommand(args, io, restoreContext(t));
  return { code, io };
}

/** Whether the database a URL names exists on the test cluster. */
export async function databaseExists(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const res = await onCluster((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  return res.rowCount === 1;
}

/** New database names on the test cluster for restores to create; `dropAll` (in afterAll) removes them. */
export function scratchDatabases() {
  const names: string[] = [];
  return {
    /** The URL of a database that does not exist yet, named `<prefix>_<unique suffix>`. */
    url(prefix = 'restored'): string {
      const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
      names.push(name);
      return testDatabaseUrl(name);
    },
    async dropAll(): Promise<void> {
      await onCluster(async (c) => {
        for (const name of names) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}

/**
 * A council made as an operator makes one (`additional`: beside the first), with a department, a
 * clerk, a secretariat, a case drafted by the clerk and a PDF attached to it.
 */
export async function createCouncil(
  t: TestApp,
  key: string,
  municipality: string,
  additional: boolean,
): Promise<TestCouncil> {
  const created = await t.app
    .get(CouncilSetupService)
    .create(councilSetupInput(key, municipality), { via: 'cli', additional });
  const id = created.councilId;
  const { departmentId } = await runInCouncil(id, async () => {
    const department = await makeDepartment(t.appDs, { code: 'kikaku', name: `${municipality}企画課` });
    await makeUser(t.appDs, {
      username: `tanto-${key}`,
      displayName: `担当 ${municipality}`,
      role: 'clerk',
      departmentId: department.id,
    });
    await makeUser(t.appDs, {
      username: `jimukyoku-${key}`,
      displayName: `事務局 ${municipality}`,
      role: 'secretariat',
    });
    return { departmentId: department.id };
  });
  const clerk = { Authorization: `Bearer ${await login(t.http, `tanto-${key}`)}` };
  const admin = { Authorization: `Bearer ${await login(t.http, `admin-${key}`)}` };
  const secretariat = { Authorization: `Bearer ${await login(t.http, `jimukyoku-${key}`)}` };
  const clerkId = (await request(t.http).get('/api/auth/me').set(clerk).expect(200)).body.id as string;
  const draft = await runInCouncil(id, () =>
    makeCase(t.appDs, {
      departmentId,
      createdById: clerkId,
      title: `${municipality}雨水タンク補助金交付事務`,
    }),
  );
  const pdf = Buffer.from(`%PDF-1.4\n% ${municipality}の添付資料\n%%EOF\n`);
  const up = await attachFile(t.http, clerk, draft.id, pdf, `${municipality}資料.pdf`);
  const [row] = (await t.ds.query(
    `SELECT m.slug, a.storage_key AS key FROM municipality m, case_attachment a WHERE m.id = $1 AND a.id = $2`,
    [id, up.id],
  )) as { slug: string; key: string }[];
  return {
    id,
    slug: row.slug,
    admin,
    secretariat,
    clerk,
    clerkId,
    departmentId,
    caseId: draft.id,
    attachmentId: up.id,
    storageKey: row.key,
    pdf,
  };
}

/** Starts an app with council A (甲市, the first) and council B (乙町, beside it) and backs it up. */
export async function startTwoCouncilsBackedUp(): Promise<{
  t: TestApp;
  a: TestCouncil;
  b: TestCouncil;
  backupPath: string;
}> {
  setCouncilOutsideScopes(null);
  const t = await startTestApp();
  try {
    const a = await createCouncil(t, 'a', '甲市', false);
    const b = await createCouncil(t, 'b', '乙町', true);
    return { t, a, b, backupPath: await backUpApp(t) };
  } catch (error) {
    await t.close();
    throw error;
  }
}
