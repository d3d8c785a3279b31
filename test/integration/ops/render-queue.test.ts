import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../../src/common/errors/app-error';
import { loadConfig } from '../../../src/config/config';
import { createApp } from '../../../src/create-app';
import { startDocumentRuntime, type DocumentRuntime } from '../../../src/documents/document-runtime';
import { DOCUMENT_RUNTIME } from '../../../src/documents/documents.module';
import { buildMeetingPacket } from '../../../src/documents/papers/meeting-packet';
import { RENDER_QUEUE, RenderConsumer, RenderQueue } from '../../../src/documents/queue/render-queue';
import type { PdfRenderer } from '../../../src/documents/renderer/pdf-renderer';
import { makeDepartment, userWithToken } from '../../support/factories';
import {
  pdfRendererOf,
  startTestApp,
  TEST_CACHE_DIR,
  TEST_JWT_SECRET,
  type TestApp,
} from '../../support/test-app';
import { makeCase } from '../../support/workflow-factories';
import { largeCase, rooftopGreeningCase, samplePacket } from '../documents/fixtures';
import { squash, squashedText } from '../documents/pdf-inspect';
import { testTempDir } from '../../support/test-db';
import { downloadBinary } from '../../support/download';

/**
 * RENDER_MODE=queue: an app instance that consumes no jobs, a separate `npm run worker` process
 * (the built dist/src/cli/worker.js) and a second consumer in this process share the PDF jobs.
 */
const WORKER_JS = join(process.cwd(), 'dist', 'src', 'cli', 'worker.js');

let t: TestApp;
let requester: PdfRenderer;
let appRuntime: DocumentRuntime;
let worker: { proc: ChildProcess; output: () => string } | null = null;
let local: { runtime: DocumentRuntime; queue: RenderQueue; consumer: RenderConsumer } | null = null;

async function startWorker(databaseUrl: string): Promise<{ proc: ChildProcess; output: () => string }> {
  if (!existsSync(WORKER_JS)) throw new Error(`${WORKER_JS} is missing: run \`npm run build\` first`);
  let out = '';
  const proc = spawn(process.execPath, [WORKER_JS], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATA_DIR: testTempDir('shingikai-worker-'),
      CACHE_DIR: TEST_CACHE_DIR,
      RENDER_CONCURRENCY: '2',
      ...(process.env.CHROME_PATH ? { CHROME_PATH: process.env.CHROME_PATH } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !out.includes('ワーカーが起動しました'); i++) {
    if (proc.exitCode !== null) throw new Error(`worker exited with ${proc.exitCode}: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!out.includes('ワーカーが起動しました')) {
    proc.kill('SIGKILL');
    throw new Error(`worker did not start: ${out}`);
  }
  return { proc, output: () => out };
}

/** The processes under `pid` (the worker's Chromium and its helpers), read from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** kill -9 of the worker and of the browser it leaves behind. */
function killWorker(): void {
  if (!worker?.proc.pid || worker.proc.exitCode !== null) return;
  const orphans = descendants(worker.proc.pid);
  worker.proc.kill('SIGKILL');
  for (const pid of orphans) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone with its parent
    }
  }
}

async function startLocalConsumer(databaseUrl: string) {
  const runtime = await startDocumentRuntime({
    dataDir: testTempDir('shingikai-consumer-'),
    cacheDir: TEST_CACHE_DIR,
    templatesDir: resolve('templates'),
    chromePath: process.env.CHROME_PATH?.trim() || null,
    concurrency: 2,
    timeoutMs: 20_000,
  });
  const queue = new RenderQueue({ databaseUrl });
  await queue.start();
  const consumer = new RenderConsumer(queue, runtime.renderer, { concurrency: 2 });
  return { runtime, queue, consumer };
}

beforeAll(async () => {
  t = await startTestApp({ env: { RENDER_MODE: 'queue', RENDER_WORKER: 'off' } });
  requester = pdfRendererOf(t.app);
  appRuntime = t.app.get<DocumentRuntime>(DOCUMENT_RUNTIME);
  worker = await startWorker(t.databaseUrl);
}, 120_000);

afterAll(async () => {
  killWorker();
  await local?.consumer.stop();
  await local?.runtime.close();
  await local?.queue.stop();
  await t?.close();
});

it('an instance without a consumer serves a case document printed by `npm run worker`', async () => {
  const departmentId = (await makeDepartment(t.ds, { name: '道とみどりの課' })).id;
  const clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId });
  const c = await makeCase(t.ds, {
    departmentId,
    createdById: clerk.user.id,
    title: '待ち行列経由の出力確認',
  });

  const res = await downloadBinary(t.http, `/api/cases/${c.id}/document.pdf`, clerk.auth).expect(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(await squashedText(res.body as Buffer)).toContain('待ち行列経由の出力確認');
  // This instance never started a browser: the worker printed it.
  expect(appRuntime.renderer.browserProcessId()).toBeNull();
  expect(appRuntime.renderer.stats().rendered).toBe(0);
  // The result was handed over and removed, and so was the job carrying the document.
  expect(await t.ds.query(`SELECT job_id FROM render_result`)).toEqual([]);
  let jobs: unknown[] = [];
  for (let i = 0; i < 50; i++) {
    jobs = await t.ds.query(`SELECT id FROM pgboss.job WHERE name = $1`, [RENDER_QUEUE]);
    if (jobs.length === 0) break;
    await new Promise((r) => setTimeout(r, 20)); // deleted right after the hand-over, not awaited
  }
  expect(jobs).toEqual([]);
});

it('two app instances send, two consumers (the worker process and one in this process) share the jobs', async () => {
  local = await startLocalConsumer(t.databaseUrl);
  local.consumer.start();
  // A second instance on the same database, also without a consumer.
  const second = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      DATA_DIR: testTempDir('shingikai-app-'),
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
      CACHE_DIR: TEST_CACHE_DIR,
      RENDER_MODE: 'queue',
      RENDER_WORKER: 'off',
    }),
    t.databaseUrl,
  );
  await second.init();
  try {
    const requesters = [requester, pdfRendererOf(second)];
    const titles = Array.from({ length: 12 }, (_, i) => `分担出力の確認 ${i + 1}`);
    const pdfs = await Promise.all(
      titles.map((title, i) =>
        requesters[i % 2].render(appRuntime.templates.caseDocument(rooftopGreeningCase({ title }))),
      ),
    );
    // Each request got its own document back, whichever instance asked and whoever printed it.
    for (const [i, pdf] of pdfs.entries())
      expect(await squashedText(pdf)).toContain(`分担出力の確認${i + 1}`);
    for (let i = 0; i < 100 && local.consumer.stats().active > 0; i++)
      await new Promise((r) => setTimeout(r, 20)); // completing after handing the result over
    const here = local.consumer.stats().completed;
    // Neither instance consumes, so the worker printed the rest.
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(titles.length);
  } finally {
    await second.close();
    await local.consumer.stop();
  }
});

it('a job whose consumer is killed mid-job is printed by another consumer', async () => {
  const before = local!.consumer.stats().completed;
  // Big enough to be caught while printing; the short limit keeps the expiry (2 × limit + 10 s) short.
  const doc = appRuntime.templates.caseDocument({ ...largeCase(200, 30), title: '中断後の再実行確認' });
  const result = requester.render(doc, { timeoutMs: 8000 });
  let active = false;
  for (let i = 0; i < 1000 && !active; i++) {
    const rows: unknown[] = await t.ds.query(
      `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'active'`,
      [RENDER_QUEUE],
    );
    active = rows.length > 0;
    if (!active) await new Promise((r) => setTimeout(r, 10));
  }
  expect(active).toBe(true); // the worker (the only consumer now) took it
  killWorker();
  local!.consumer.start();

  const pdf = await result;
  expect(await squashedText(pdf)).toContain('中断後の再実行確認');
  // The requester is woken when the result is stored, a moment before the consumer completes the job.
  for (let i = 0; i < 100 && local!.consumer.stats().completed === before; i++)
    await new Promise((r) => setTimeout(r, 20));
  expect(local!.consumer.stats().completed).toBe(before + 1);
}, 90_000);

it('a document over its time limit fails at once with the timeout problem (not retried)', async () => {
  local!.consumer.start();
  const before = local!.consumer.stats();
  const doc = appRuntime.templates.caseDocument(largeCase(200, 30));
  const error = await requester.render(doc, { timeoutMs: 30 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('DOCUMENT_RENDER_TIMEOUT');
  expect((error as AppError).status).toBe(504);
  expect(local!.consumer.stats().failed).toBe(before.failed + 1);
  // Cancelled, not failed: pg-boss does not hand it to anyone again.
  await local!.consumer.stop();
  expect(
    await t.ds.query(`SELECT state FROM pgboss.job WHERE name = $1 AND state < 'active'`, [RENDER_QUEUE]),
  ).toEqual([]);
});

it('a job failing twice fails the request with the renderer problem', async () => {
  await local!.consumer.stop();
  let attempts = 0;
  const failing = new RenderConsumer(
    local!.queue,
    {
      render: async () => {
        attempts++;
        throw new Error('Protocol error: Target closed');
      },
    },
    { concurrency: 1 },
  );
  failing.start();
  try {
    const doc = appRuntime.templates.caseDocument(rooftopGreeningCase({ title: '二度失敗する出力' }));
    const error = await requester.render(doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DOCUMENT_RENDERER_FAILED');
    expect((error as AppError).status).toBe(503);
    expect(attempts).toBe(2);
  } finally {
    await failing.stop();
  }
});

it('Chromium killed while a queued packet prints: the consumer relaunches it and the packet is complete', async () => {
  const consumer = local!;
  consumer.consumer.start();
  const titles = Array.from({ length: 6 }, (_, i) => `障害時の会議資料（${i + 1}）`);
  const before = consumer.runtime.renderer.stats();
  const packet = buildMeetingPacket(
    { renderer: requester, templates: appRuntime.templates, pdfTools: appRuntime.pdfTools },
    samplePacket(titles),
  );
  let pid: number | null = null;
  for (let i = 0; i < 5000 && pid === null; i++) {
    if (consumer.runtime.renderer.stats().active > 0) pid = consumer.runtime.renderer.browserProcessId();
    if (pid === null) await new Promise((r) => setTimeout(r, 2));
  }
  expect(pid).not.toBeNull();
  process.kill(pid as number, 'SIGKILL');

  const { pdf } = await packet;
  const text = await squashedText(pdf);
  for (const title of titles) expect(text).toContain(squash(title));
  expect(consumer.runtime.renderer.stats().relaunches).toBe(before.relaunches + 1);
  await consumer.consumer.stop();
}, 60_000);

it('`npm run worker` on SIGTERM finishes the job it is printing, then exits cleanly', async () => {
  const w = await startWorker(t.databaseUrl); // the only consumer now
  const browsers = descendants(w.proc.pid as number);
  expect(browsers.length).toBeGreaterThan(0);
  const doc = appRuntime.templates.caseDocument({ ...largeCase(200, 30), title: '停止前に仕上げる出力' });
  const result = requester.render(doc);
  for (let i = 0; i < 1000; i++) {
    const rows: unknown[] = await t.ds.query(
      `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'active'`,
      [RENDER_QUEUE],
    );
    if (rows.length > 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const exited = new Promise<number | null>((r) => w.proc.once('exit', (code) => r(code)));
  w.proc.kill('SIGTERM');

  expect(await squashedText(await result)).toContain('停止前に仕上げる出力');
  expect(await exited).toBe(0);
  expect(w.output()).toContain('PDF 作成ワーカーを停止しました（作成 1 件');
  // Its browser went with it (helper processes take a moment to follow).
  let left = browsers;
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = left.filter((pid) => existsSync(`/proc/${pid}`));
  }
  expect(left).toEqual([]);
}, 60_000);
