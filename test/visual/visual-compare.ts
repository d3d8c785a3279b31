import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';

/** Reference images: `<paper>-<page>.png`, grayscale, 50 dpi. */
export const REFERENCE_DIR = resolve('test/visual/reference');
export const DPI = 50;
/** Per page: a pixel differs when pixelmatch's YIQ distance exceeds this (0..1). */
export const PIXEL_THRESHOLD = 0.1;
/** Per page: the share of differing pixels tolerated (anti-aliasing noise, not a moved block). */
export const PAGE_TOLERANCE = 0.002;

/** Every page of a PDF as a grayscale PNG (pdftoppm), in page order. */
export function pdfToPngs(pdf: Uint8Array): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'visual-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-png', join(dir, 'in.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort((a, b) => pageNumber(a) - pageNumber(b))
      .map((f) => readFileSync(join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pageNumber(file: string): number {
  return Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0);
}

export function referencePath(paper: string, page: number): string {
  return join(REFERENCE_DIR, `${paper}-${page}.png`);
}

/** The reference pages of one paper, in page order. */
export function referencePages(paper: string): string[] {
  return readdirSync(REFERENCE_DIR)
    .filter((f) => new RegExp(`^${paper}-\\d+\\.png$`).test(f))
    .sort((a, b) => pageNumber(a) - pageNumber(b))
    .map((f) => join(REFERENCE_DIR, f));
}

export interface PageDiff {
  readonly page: number;
  /** Share of pixels that differ (1 when the sizes differ). */
  readonly ratio: number;
}

/** Compares two PNG pages pixel by pixel. */
export async function comparePage(page: number, actual: Buffer, reference: Buffer): Promise<PageDiff> {
  const { default: pixelmatch } = await import('pixelmatch');
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(reference);
  if (a.width !== b.width || a.height !== b.height) return { page, ratio: 1 };
  const differing = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: PIXEL_THRESHOLD });
  return { page, ratio: differing / (a.width * a.height) };
}
