/*
 * Render queue overhead: `npm run bench:queue` (builds, then runs dist/bench/render-queue.bench.js).
 * One case document printed inline (the local ChromiumPdfRenderer) and through the queue (pg-boss job,
 * NOTIFY wake-up, result row) by a consumer on the same browser, alternately, with the queue idle
 * before each job (the single-download case). Environment: DATA_DIR (fonts and Chromium cache,
 * default ./data), CHROME_PATH, BENCH_DATABASE_URL (an existing database; otherwise an embedded
 * PostgreSQL in a temporary folder), BENCH_RENDERS (per mode, default 40).
 */
import { resolve } from 'node:path';
import { startDocumentRuntime } from '../src/documents/document-runtime';
import { QueuedPdfRenderer, RenderConsumer, RenderQueue } from '../src/documents/queue/render-queue';
import { ENTITIES } from '../src/database/entities';
import { migrate } from '../src/database/migrate';
import { rooftopGreeningCase } from '../test/integration/documents/fixtures';
import { benchDatabase, percentile } from './support';

const renders = Number(process.env.BENCH_RENDERS ?? 40);

async function main(): Promise<void> {
  const db = await benchDatabase('queue-bench');
  const url = db.url;
  const runtime = await startDocumentRuntime({
    dataDir: resolve(process.env.DATA_DIR ?? 'data'),
    templatesDir: resolve('templates'),
    chromePath: process.env.CHROME_PATH?.trim() || null,
    concurrency: 2,
    timeoutMs: 30_000,
  });
  const queue = new RenderQueue({ databaseUrl: url });
  try {
    await migrate(url, ENTITIES);
    await queue.start();
    const consumer = new RenderConsumer(queue, runtime.renderer, { concurrency: 2 });
    consumer.start();
    const queued = new QueuedPdfRenderer(queue, { timeoutMs: 30_000, waitMs: 60_000 });
    const doc = runtime.templates.caseDocument(rooftopGreeningCase());
    for (let i = 0; i < 5; i++) {
      await runtime.renderer.render(doc);
      await queued.render(doc);
    }
    const inline: number[] = [];
    const viaQueue: number[] = [];
    for (let i = 0; i < renders; i++) {
      // Idle long enough that a polling consumer would be asleep.
      await new Promise((r) => setTimeout(r, 150));
      let start = performance.now();
      await runtime.renderer.render(doc);
      inline.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 150));
      start = performance.now();
      await queued.render(doc);
      viaQueue.push(performance.now() - start);
    }
    const row = (name: string, v: number[]) =>
      `${name.padEnd(8)} p50 ${percentile(v, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(v, 95).toFixed(1).padStart(7)} ms`;
    process.stdout.write(
      [
        `single case document, ${renders} renders each, idle queue before every job`,
        row('inline', inline),
        row('queue', viaQueue),
        `overhead p50 ${(percentile(viaQueue, 50) - percentile(inline, 50)).toFixed(1)} ms`,
        '',
      ].join('\n'),
    );
    queued.close();
    await consumer.stop();
  } finally {
    await runtime.close();
    await queue.stop();
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
