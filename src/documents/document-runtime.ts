import { join } from 'node:path';
import { provisionFonts, type ProvisionedFonts } from './fonts/font-provisioner';
import { PdfTools } from './pdf/pdf-tools';
import { resolveChromiumBinary } from './renderer/chromium-binary';
import { ChromiumPdfRenderer } from './renderer/chromium-pdf-renderer';
import { DocumentTemplates } from './templates/document-templates';

export interface DocumentRuntimeOptions {
  /** Per-instance working folder (the browser's HOME and TMPDIR live under `<dataDir>/renderer`). */
  readonly dataDir: string;
  /** Shared cache of the provisioned fonts and the unpacked Chromium; defaults to `dataDir`. */
  readonly cacheDir?: string;
  /** `boot` (default): launch and warm the browser now; `lazy`: the first render launches it. */
  readonly start?: 'boot' | 'lazy';
  /** The `templates` folder; document templates live in its `documents/` sub-folder. */
  readonly templatesDir: string;
  readonly chromePath: string | null;
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** Nice value of the browser (0: as this process). */
  readonly nice?: number;
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

/**
 * Provisions fonts, resolves Chromium, compiles templates and (unless `start: 'lazy'`) launches and
 * warms the browser.
 */
export async function startDocumentRuntime(options: DocumentRuntimeOptions): Promise<DocumentRuntime> {
  const [fonts, executablePath] = await Promise.all([
    provisionFonts(options.cacheDir ?? options.dataDir),
    resolveChromiumBinary(options.cacheDir ?? options.dataDir, options.chromePath),
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
    nice: options.nice,
    warmup: templates.warmupDocument(),
    log: options.log,
  });
  if ((options.start ?? 'boot') === 'boot') {
    try {
      await renderer.start();
    } catch (e) {
      await renderer.close();
      throw e;
    }
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
