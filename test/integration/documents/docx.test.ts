import JSZip from 'jszip';
import mammoth from 'mammoth';
import { htmlToDocx } from '../../../src/documents/docx/html-to-docx';
import { samplePapers, type SamplePaper } from '../../visual/sample-papers';
import { docxHeaderRows, docxText, pdfBodyText } from './docx-inspect';
import { useTestRuntime } from './runtime';

describe('Word copies (.docx) of the papers, converted from the HTML the PDF is printed from', () => {
  const rt = useTestRuntime();
  let papers: SamplePaper[];
  beforeAll(() => {
    papers = samplePapers(rt().templates);
  });

  it.each(['case-document', 'agenda', 'materials', 'reply', 'notice', 'minutes'])(
    '%s: the text read back from the .docx equals the PDF text in reading order',
    async (name) => {
      const paper = papers.find((p) => p.name === name)!;
      const [pdf, docx] = await Promise.all([
        rt().renderer.render(paper.document),
        htmlToDocx(paper.document.html),
      ]);
      const wordText = await docxText(docx);
      const pdfText = await pdfBodyText(pdf, await docxHeaderRows(docx));
      expect(wordText.length).toBeGreaterThan(50);
      expect(wordText).toEqual(pdfText);
    },
  );

  it('is a Word package with the 機密性 header, page-number footer, A4 page and Japanese fonts', async () => {
    const paper = papers.find((p) => p.name === 'reply')!;
    const zip = await JSZip.loadAsync(await htmlToDocx(paper.document.html));
    const body = await zip.file('word/document.xml')!.async('string');
    const headers = await Promise.all(zip.file(/^word\/header\d*\.xml$/).map((f) => f.async('string')));
    const footers = await Promise.all(zip.file(/^word\/footer\d*\.xml$/).map((f) => f.async('string')));
    expect(headers.join('')).toContain('機密性2');
    expect(headers.join('')).toContain('>案<'); // the draft's watermark, on every page
    expect(footers.join('')).toMatch(/PAGE[\s\S]*NUMPAGES/);
    expect(body).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:eastAsia="Yu Mincho"');
    // 答申書: 令和 dates and the numbered 付帯意見 as printed.
    expect(body).toContain('令和8年11月20日');
    expect(body).toContain('(1)');
  });

  it('keeps tables: header rows, merged cells and the item list of the case document', async () => {
    const paper = papers.find((p) => p.name === 'case-document')!;
    const docx = await htmlToDocx(paper.document.html);
    const { value: html } = await mammoth.convertToHtml({ buffer: docx });
    const tables = html.match(/<table>/g) ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(6);
    // 付属資料1: the grouped item headers span their columns; No. spans the two header rows.
    expect(html).toContain('<th rowspan="2"><p><strong>No.</strong></p></th>');
    expect(html).toContain('<th colspan="3"><p><strong>電子申請に係る項目</strong></p></th>');
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:tblHeader/>');
    // Each 別紙 starts on a new page, as printed.
    expect((xml.match(/<w:pageBreakBefore\/>/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});
