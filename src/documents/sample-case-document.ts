import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CaseDocumentView, OutsourcingSectionView } from './case-document.view';

/*
 * A representative case document, as the case module hands it to the template: the renderer prints
 * it at boot to warm up every code path of a real case document, and the tests and benchmarks print
 * it as their representative document. Its text is data (seeds/sample-case-document.json: the sample
 * council's rooftop-greening e-application case, reworded), so no council's name lives in the code.
 */

let loaded: CaseDocumentView | null = null;

function sample(): CaseDocumentView {
  // The application's own seeds folder (the default SEEDS_DIR), beside templates/ in the working directory.
  loaded ??= JSON.parse(
    readFileSync(resolve('seeds', 'sample-case-document.json'), 'utf8'),
  ) as CaseDocumentView;
  return structuredClone(loaded);
}

/** The document's first outsourcing sheet (電子計算機処理の委託). */
export const SAMPLE_OUTSOURCING: OutsourcingSectionView = sample().sections.find(
  (s): s is OutsourcingSectionView => s.kind === 'outsourcing',
)!;

export function rooftopGreeningCase(overrides: Partial<CaseDocumentView> = {}): CaseDocumentView {
  return { ...sample(), ...overrides };
}
