import { join } from 'node:path';
import { provisionFonts, type ProvisionedFonts } from './fonts/font-provisioner';
import { PdfTools } from './pdf/pdf-tools';
import { resolveChromiumBinary } from './renderer/chromium-binary';
import { ChromiumPdfRenderer } from './renderer/chromium-pdf-renderer';
import { DocumentTemplates } from './templates/document-templates';

export interface DocumentRuntimeOptions {
  readonly dataDir: string;
  /** The `templates` folder; document templates live in its `documents/` sub-folder. */
  readonly templatesDir: string;
  readonly chromePath: string | null;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly log?: (message: string) => void;
}

/** Everything needed to print documents, usable with or without Nest (bench scripts, tests). */
export interface DocumentRuntime {
  readonly fonts: ProvisionedFonts;
  /** The Chromium binary in use (configured CHROME_PATH or the unpacked @sparticuz/chromium). */
  readonly executablePath: string;
  readonly templates: DocumentTemplates;
  readonly renderer: ChromiumPdfRenderer;
  readonly pdfTools: PdfTools;
  close(): Promise<void>;
}

/** Provisions fonts, resolves Chromium, compiles templates, launches and warms the browser. */
export async function startDocumentRuntime(options: DocumentRuntimeOptions): Promise<DocumentRuntime> {
  const [fonts, executablePath] = await Promise.all([
    provisionFonts(options.dataDir),
    resolveChromiumBinary(options.dataDir, options.chromePath),
  ]);
  const templates = new DocumentTemplates({
    dir: join(options.templatesDir, 'documents'),
    fontStacks: fonts.stacks,
  });
  const renderer = new ChromiumPdfRenderer({
    executablePath,
    fontconfigFile: fonts.fontconfigFile,
    workDir: join(options.dataDir, 'renderer'),
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    warmup: templates.warmupDocument(),
    log: options.log,
  });
  try {
    await renderer.start();
  } catch (e) {
    await renderer.close();
    throw e;
  }
  return {
    fonts,
    executablePath,
    templates,
    renderer,
    pdfTools: new PdfTools(fonts),
    close: () => renderer.close(),
  };
}
