import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { useTestRuntime } from '../integration/documents/runtime';
import { samplePapers } from '../visual/sample-papers';
import {
  comparePage,
  PAGE_TOLERANCE,
  pdfToPngs,
  REFERENCE_DIR,
  referencePages,
  referencePath,
} from '../visual/visual-compare';

/**
 * Visual regression: each paper template, rendered from fixed sample data, compared page by page
 * with test/visual/reference/*.png. `npm run test:visual:update` rewrites the references.
 */
const UPDATE = process.env.UPDATE_VISUAL_REFERENCES === '1';
const PAPERS = ['case-document', 'agenda', 'materials', 'reply', 'notice', 'minutes'] as const;

describe('papers look as the reference images', () => {
  const rt = useTestRuntime();

  it.each(PAPERS)('%s: every page within the pixel tolerance of its reference', async (name) => {
    const paper = samplePapers(rt().templates).find((p) => p.name === name)!;
    const pages = pdfToPngs(await rt().renderer.render(paper.document));
    expect(pages.length).toBeGreaterThan(0);
    if (UPDATE) {
      mkdirSync(REFERENCE_DIR, { recursive: true });
      for (const old of referencePages(name)) rmSync(old);
      pages.forEach((png, i) => writeFileSync(referencePath(name, i + 1), png));
    }
    const references = referencePages(name);
    expect({ paper: name, pages: pages.length }).toEqual({ paper: name, pages: references.length });
    for (const [i, png] of pages.entries()) {
      const diff = await comparePage(i + 1, png, readFileSync(references[i]));
      expect({
        paper: name,
        page: diff.page,
        withinTolerance: diff.ratio <= PAGE_TOLERANCE,
        ratio: diff.ratio,
      }).toEqual({
        paper: name,
        page: diff.page,
        withinTolerance: true,
        ratio: expect.any(Number),
      });
    }
  });
});
