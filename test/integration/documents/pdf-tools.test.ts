import { PDFDocument } from 'pdf-lib';
import { readOutlinePages, readOutlineTitles } from '../../../src/documents/pdf/pdf-tools';
import { rooftopGreeningCase } from './fixtures';
import { extractPageTexts, listFonts, squash } from './pdf-inspect';
import { keepPdf, useTestRuntime } from './runtime';

async function simplePdf(pages: number, label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++)
    doc.addPage([595, 842]).drawText(`${label} page ${i + 1}`, { x: 50, y: 700, size: 14 });
  return doc.save();
}

describe('pdf-tools: packet assembly', () => {
  const rt = useTestRuntime({ concurrency: 1 });

  it('merges materials, stamps 資料N, numbers pages, adds bookmarks and reports a corrupt attachment', async () => {
    const caseDoc = await rt().renderer.render(rt().templates.caseDocument(rooftopGreeningCase()));
    const casePages = (await PDFDocument.load(caseDoc)).getPageCount();
    const corrupt = new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf\n%%EOF');

    const packet = await rt().pdfTools.assemblePacket([
      { label: '', title: '次第', parts: [{ name: 'agenda.pdf', bytes: await simplePdf(1, 'agenda') }] },
      {
        label: '資料1',
        title: '屋上緑化見本園見学申込の電子申請',
        parts: [
          { name: '諮問事案書.pdf', bytes: caseDoc },
          { name: 'ネットワーク図.pdf', bytes: corrupt },
        ],
      },
      {
        label: '資料2',
        title: '参考資料',
        parts: [{ name: 'reference.pdf', bytes: await simplePdf(2, 'reference') }],
      },
    ]);
    keepPdf('packet.pdf', packet.pdf);

    expect(packet.skipped).toEqual([
      { name: 'ネットワーク図.pdf', reason: expect.stringContaining('読み込めません') },
    ]);
    // agenda + case document + one notice page for the unreadable file + 2 reference pages
    expect(packet.pageCount).toBe(1 + casePages + 1 + 2);
    expect(packet.materials.map((m) => [m.label, m.firstPage, m.pageCount])).toEqual([
      ['', 0, 1],
      ['資料1', 1, casePages + 1],
      ['資料2', casePages + 2, 2],
    ]);

    const pages = (await extractPageTexts(packet.pdf)).map(squash);
    expect(pages).toHaveLength(packet.pageCount);
    pages.forEach((text, i) => expect(text).toContain(`-${i + 1}-`));
    expect(pages[0]).not.toContain('資料');
    for (let i = 1; i <= casePages + 1; i++) expect(pages[i]).toContain('資料1');
    expect(pages[casePages + 1]).toContain('添付ファイル「ネットワーク図.pdf」は結合できませんでした');
    expect(pages[casePages + 2]).toContain('資料2');
    expect(pages[casePages + 3]).toContain('資料2');

    const merged = await PDFDocument.load(packet.pdf);
    expect(readOutlineTitles(merged)).toEqual([
      '次第',
      '資料1　屋上緑化見本園見学申込の電子申請',
      '資料2　参考資料',
    ]);
    expect(readOutlinePages(merged)).toEqual([0, 1, casePages + 2]);

    const fonts = await listFonts(packet.pdf);
    expect(fonts.filter((f) => !f.embedded && f.subtype !== '/Type1')).toEqual([]);
    expect(fonts.filter((f) => f.subtype === '/Type3')).toEqual([]);
  });

  it('merges plain PDFs and refuses when no input is readable', async () => {
    const { doc, ranges, skipped } = await rt().pdfTools.merge([
      { name: 'a.pdf', bytes: await simplePdf(2, 'a') },
      { name: 'broken.pdf', bytes: new Uint8Array([1, 2, 3]) },
      { name: 'b.pdf', bytes: await simplePdf(3, 'b') },
    ]);
    expect(doc.getPageCount()).toBe(5);
    expect(ranges).toEqual([
      { name: 'a.pdf', range: { from: 0, to: 1 } },
      { name: 'b.pdf', range: { from: 2, to: 4 } },
    ]);
    expect(skipped.map((s) => s.name)).toEqual(['broken.pdf']);

    await expect(rt().pdfTools.merge([{ name: 'x.pdf', bytes: new Uint8Array([0]) }])).rejects.toMatchObject({
      code: 'DOCUMENT_ALL_INPUTS_UNREADABLE',
    });
  });
});
