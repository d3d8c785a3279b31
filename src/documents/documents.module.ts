import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { startDocumentRuntime, type DocumentRuntime } from './document-runtime';
import { PdfTools } from './pdf/pdf-tools';
import { PDF_RENDERER } from './renderer/pdf-renderer';
import { DocumentTemplates } from './templates/document-templates';

export const DOCUMENT_RUNTIME = Symbol('DOCUMENT_RUNTIME');

/** Closes the browser when the application stops. */
@Injectable()
class DocumentRuntimeShutdown implements OnApplicationShutdown {
  constructor(@Inject(DOCUMENT_RUNTIME) private readonly runtime: DocumentRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}

/**
 * PDF documents: the warm Chromium renderer (`PDF_RENDERER`), the document templates and the PDF
 * assembly tools. The browser is launched and warmed while the application boots (RENDERER_START=boot)
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
          start: config.rendererStart,
          templatesDir: config.templatesDir,
          chromePath: config.chromePath,
          concurrency: config.renderConcurrency,
          timeoutMs: config.renderTimeoutMs,
          log: (message) => logger.warn(message),
        });
      },
    },
    { provide: PDF_RENDERER, inject: [DOCUMENT_RUNTIME], useFactory: (rt: DocumentRuntime) => rt.renderer },
    {
      provide: DocumentTemplates,
      inject: [DOCUMENT_RUNTIME],
      useFactory: (rt: DocumentRuntime) => rt.templates,
    },
    { provide: PdfTools, inject: [DOCUMENT_RUNTIME], useFactory: (rt: DocumentRuntime) => rt.pdfTools },
    DocumentRuntimeShutdown,
  ],
  exports: [PDF_RENDERER, DOCUMENT_RUNTIME, DocumentTemplates, PdfTools],
})
export class DocumentsModule {}
