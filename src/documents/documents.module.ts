import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { startDocumentRuntime, type DocumentRuntime } from './document-runtime';
import { PdfTools } from './pdf/pdf-tools';
import { QueuedPdfRenderer, RenderConsumer, RenderQueue } from './queue/render-queue';
import { PDF_RENDERER } from './renderer/pdf-renderer';
import { DocumentTemplates } from './templates/document-templates';
import { ownerUrlOf } from '../database/app-role';

export const DOCUMENT_RUNTIME = Symbol('DOCUMENT_RUNTIME');
/** RENDER_MODE=queue: the queue connection, this instance's requester and (RENDER_WORKER=on) consumer. */
export const RENDER_QUEUE_HANDLE = Symbol('RENDER_QUEUE_HANDLE');

export interface RenderQueueHandle {
  readonly queue: RenderQueue;
  readonly requester: QueuedPdfRenderer;
  readonly consumer: RenderConsumer | null;
}

/** Stops taking jobs, fails waiting requests, closes the browser, then the queue connections. */
@Injectable()
class DocumentRuntimeShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(DOCUMENT_RUNTIME) private readonly runtime: DocumentRuntime,
    @Inject(RENDER_QUEUE_HANDLE) private readonly queue: RenderQueueHandle | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.consumer?.stop();
    this.queue?.requester.close();
    await this.runtime.close();
    await this.queue?.queue.stop();
  }
}

async function startRenderQueue(
  config: AppConfig,
  ds: DataSource,
  runtime: DocumentRuntime,
): Promise<RenderQueueHandle | null> {
  if (config.renderMode !== 'queue') return null;
  const logger = new Logger('RenderQueue');
  const log = (message: string) => logger.warn(message);
  const queue = new RenderQueue({ databaseUrl: ownerUrlOf(ds), log });
  await queue.start();
  const requester = new QueuedPdfRenderer(queue, {
    timeoutMs: config.renderTimeoutMs,
    waitMs: config.renderQueueTimeoutMs,
    log,
  });
  const consumer = config.renderWorker
    ? new RenderConsumer(queue, runtime.renderer, { concurrency: config.renderConcurrency, log })
    : null;
  consumer?.start();
  return { queue, requester, consumer };
}

/**
 * PDF documents: the renderer (`PDF_RENDERER`: the warm Chromium inline, or the render queue with
 * RENDER_MODE=queue), the document templates and the PDF assembly tools. The browser is launched and warmed while the application boots (RENDERER_START=boot)
 * or by the first render (lazy).
 */
@Module({
  providers: [
    {
      provide: DOCUMENT_RUNTIME,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const logger = new Logger('Documents');
        return startDocumentRuntime({
          dataDir: config.dataDir,
          cacheDir: config.cacheDir,
          // A queue-mode instance that consumes no jobs never prints: no browser.
          start: config.renderMode === 'queue' && !config.renderWorker ? 'lazy' : config.rendererStart,
          templatesDir: config.templatesDir,
          chromePath: config.chromePath,
          concurrency: config.renderConcurrency,
          timeoutMs: config.renderTimeoutMs,
          nice: config.renderNice,
          log: (message) => logger.warn(message),
        });
      },
    },
    {
      provide: RENDER_QUEUE_HANDLE,
      inject: [APP_CONFIG, getDataSourceToken(), DOCUMENT_RUNTIME],
      useFactory: startRenderQueue,
    },
    {
      provide: PDF_RENDERER,
      inject: [DOCUMENT_RUNTIME, RENDER_QUEUE_HANDLE],
      useFactory: (rt: DocumentRuntime, queue: RenderQueueHandle | null) => queue?.requester ?? rt.renderer,
    },
    {
      provide: DocumentTemplates,
      inject: [DOCUMENT_RUNTIME],
      useFactory: (rt: DocumentRuntime) => rt.templates,
    },
    { provide: PdfTools, inject: [DOCUMENT_RUNTIME], useFactory: (rt: DocumentRuntime) => rt.pdfTools },
    DocumentRuntimeShutdown,
  ],
  exports: [PDF_RENDERER, DOCUMENT_RUNTIME, RENDER_QUEUE_HANDLE, DocumentTemplates, PdfTools],
})
export class DocumentsModule {}
