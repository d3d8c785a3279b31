import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDocumentRuntime, type DocumentRuntime } from '../../../src/documents/document-runtime';

/** Fonts and the unpacked Chromium are cached here between runs (gitignored `data/`). */
export const TEST_DATA_DIR = resolve(process.env.DOCUMENTS_TEST_DATA_DIR ?? 'data/test-documents');

export function startTestRuntime(
  overrides: { concurrency?: number; timeoutMs?: number } = {},
): Promise<DocumentRuntime> {
  return startDocumentRuntime({
    dataDir: TEST_DATA_DIR,
    templatesDir: resolve('templates'),
    chromePath: process.env.CHROME_PATH?.trim() || null,
    concurrency: overrides.concurrency ?? 2,
    timeoutMs: overrides.timeoutMs ?? 20_000,
    nice: 10,
  });
}

/**
 * A runtime for the enclosing describe block: started before its tests, closed after them. Call the
 * returned function inside a test to get it.
 */
export function useTestRuntime(
  overrides: Parameters<typeof startTestRuntime>[0] = {},
): () => DocumentRuntime {
  let rt: DocumentRuntime | undefined;
  beforeAll(async () => {
    rt = await startTestRuntime(overrides);
  });
  afterAll(async () => {
    await rt?.close();
  });
  return () => {
    if (!rt) throw new Error('the document runtime is not started');
    return rt;
  };
}

/** Set KEEP_TEST_PDFS=1 to keep the produced PDFs under data/test-documents/out for a look. */
export function keepPdf(name: string, pdf: Uint8Array): void {
  if (!process.env.KEEP_TEST_PDFS) return;
  const dir = join(TEST_DATA_DIR, 'out');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), pdf);
}
