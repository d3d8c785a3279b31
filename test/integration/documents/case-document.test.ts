import { readdirSync, readFileSync } from 'node:fs';
import { AppError } from '../../../src/common/errors/app-error';
import { expectedTextInOrder, largeCase, rooftopGreeningCase } from './fixtures';
import { extractPageTexts, listFonts, squash, squashedText } from './pdf-inspect';
import { keepPdf, useTestRuntime } from './runtime';

/** Real Chromium, real fonts: the PDFs are checked through their extracted text and font dictionaries. */
describe('case document (諮問・報告事項) rendered by Chromium', () => {
  const rt = useTestRuntime();

  it('prints every field of the rooftop-greening case in reading order, with header and footer', async () => {
    const view = rooftopGreeningCase();
    const pdf = await rt().renderer.render(rt().templates.caseDocument(view));
    keepPdf('rooftop-greening.pdf', pdf);
    const pages = await extractPageTexts(pdf);

    const all = squash(pages.join('\n'));
    let from = 0;
    for (const expected of expectedTextInOrder(view)) {
      const at = all.indexOf(squash(expected), from);
      expect({ expected, foundInOrder: at >= 0 }).toEqual({ expected, foundInOrder: true });
      from = at + 1;
    }

    // cover + 2 section sheets + item list + measures/attachments + clauses
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.length).toBeLessThanOrEqual(8);
    pages.forEach((text, i) => {
      expect(squash(text)).toContain('機密性2');
      expect(squash(text)).toContain(`${i + 1}/${pages.length}`);
    });
    expect(all).not.toContain('案');
  });

  it('embeds real TrueType subsets of both families (no Type 3, nothing left to the reader)', async () => {
    const pdf = await rt().renderer.render(rt().templates.caseDocument(rooftopGreeningCase()));
    const fonts = await listFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => f.subtype === '/Type3')).toEqual([]);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    expect(fonts.some((f) => /\+NotoSerifJP-Regular$/.test(f.name))).toBe(true); // 明朝 body
    expect(fonts.some((f) => /\+NotoSansJP-Bold$/.test(f.name))).toBe(true); // ゴシック headings
  });

  it('prints names with rare kanji (髙 﨑 ㈱ 𠮷) as themselves', async () => {
    const view = rooftopGreeningCase({
      owner: {
        departmentPath: '環境土木部道とみどりの課',
        section: 'みどりの係',
        contact: '髙橋 山﨑',
        extension: '4663',
      },
      overview: { ...rooftopGreeningCase().overview, targetPersons: '㈱𠮷野商店ほか区内事業者' },
    });
    const text = squash(
      (await extractPageTexts(await rt().renderer.render(rt().templates.caseDocument(view)))).join(''),
    );
    expect(text).toContain('髙橋山﨑');
    expect(text).toContain('㈱𠮷野商店ほか区内事業者');
  });

  it('keeps each character as typed in the PDF text (人 not the radical ⼈, ／ not ∕)', async () => {
    const view = rooftopGreeningCase({
      title: '個人情報の見本 担当課／業務名 〈山〉 ① ⼈',
    });
    const pages = await extractPageTexts(await rt().renderer.render(rt().templates.caseDocument(view)));
    expect(pages[0]).toContain('個人情報の見本 担当課／業務名 〈山〉 ① ⼈');
  });

  it('puts the watermark of a draft on every page', async () => {
    for (const mark of ['案', '下書き'] as const) {
      const view = rooftopGreeningCase({ meta: { ...rooftopGreeningCase().meta, draftMark: mark } });
      const pages = await extractPageTexts(await rt().renderer.render(rt().templates.caseDocument(view)));
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) expect(squash(page)).toContain(mark);
    }
  });

  it('prints markup and template syntax in a title literally and makes no request', async () => {
    const title = '<img src=http://127.0.0.1:9/x>{{constructor}} <script>document.title="x"</script>';
    const view = rooftopGreeningCase({ title });
    const printable = rt().templates.caseDocument(view);
    expect(printable.html).not.toContain('<img src=http://127.0.0.1:9/x>');
    expect(printable.html).toContain('&lt;img src&#x3D;http://127.0.0.1:9/x&gt;{{constructor}}');

    const blockedBefore = rt().renderer.stats().blockedRequests;
    const text = await squashedText(await rt().renderer.render(printable));
    expect(text).toContain(squash('<img src=http://127.0.0.1:9/x>{{constructor}}'));
    expect(rt().renderer.stats().blockedRequests).toBe(blockedBefore);
  });

  it('blocks every request a page tries to make (http, file)', async () => {
    const before = rt().renderer.stats().blockedRequests;
    const html =
      '<!doctype html><html><body><p>外部参照</p><img src="http://127.0.0.1:9/a.png">' +
      '<link rel="stylesheet" href="https://example.invalid/s.css"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>';
    const pdf = await rt().renderer.render({ html });
    expect(await squashedText(pdf)).toContain('外部参照');
    expect(rt().renderer.stats().blockedRequests - before).toBe(2);
  });

  it('renders a case with 200 item rows and 30 sections; rows are not split and headers repeat', async () => {
    const view = largeCase(200, 30);
    const pdf = await rt().renderer.render(rt().templates.caseDocument(view));
    keepPdf('large-case.pdf', pdf);
    const pages = await extractPageTexts(pdf);
    expect(pages.length).toBeGreaterThan(35);
    const itemPages = pages.filter((p) => squash(p).includes('申請手続200') || /申請手続\d+/.test(p));
    expect(itemPages.length).toBeGreaterThan(3);
    for (const page of itemPages) expect(squash(page)).toContain('担当課／業務名'); // thead repeated
    // Every row prints whole: its department cell and procedure cell are on the same page.
    for (let i = 1; i <= 200; i++) {
      const holder = pages.find((p) => squash(p).includes(`課${i}／業務${i}申請手続${i}`));
      expect({ row: i, whole: holder !== undefined }).toEqual({ row: i, whole: true });
    }
    for (let n = 1; n <= 30; n++) expect(squash(pages.join(''))).toContain(`別紙${n}`);
  });

  it('stops a render over its time limit with a clear error, and keeps working without leaking pages', async () => {
    const error = await rt()
      .renderer.render(rt().templates.caseDocument(largeCase(200, 30)), { timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DOCUMENT_RENDER_TIMEOUT');
    expect((error as AppError).detail).toContain('制限時間');

    const pdf = await rt().renderer.render(rt().templates.caseDocument(rooftopGreeningCase()));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await new Promise((r) => setTimeout(r, 300)); // the discarded page closes in the background
    expect(await rt().renderer.openPageCount()).toBeLessThanOrEqual(2);
  });

  it('runs the browser and every process and thread it starts at nice 10 (printing yields the CPU)', async () => {
    await rt().renderer.render(rt().templates.caseDocument(rooftopGreeningCase()));
    const root = rt().renderer.browserProcessId() as number;
    const statOf = (path: string) => {
      const s = readFileSync(path, 'utf8');
      // fields after "pid (comm) ": state ppid … nice is the 17th
      const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(rest[1]), nice: Number(rest[16]) };
    };
    const pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
    const parentOf = new Map<number, number>();
    for (const pid of pids) {
      try {
        parentOf.set(pid, statOf(`/proc/${pid}/stat`).ppid);
      } catch {
        /* gone */
      }
    }
    const descends = (pid: number): boolean => {
      for (let p = pid; p > 1; p = parentOf.get(p) ?? 0) if (p === root) return true;
      return false;
    };
    const tree = pids.filter(descends);
    expect(tree.length).toBeGreaterThanOrEqual(3); // browser, zygote, renderer (at least)
    const nices = new Set<number>();
    for (const pid of tree) {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          nices.add(statOf(`/proc/${pid}/task/${tid}/stat`).nice);
        } catch {
          /* thread ended */
        }
      }
    }
    expect([...nices]).toEqual([10]);
    expect(statOf(`/proc/${process.pid}/stat`).nice).toBe(0);
  });

  it('queues 20 concurrent renders and completes them all', async () => {
    const documents = Array.from({ length: 20 }, (_, i) =>
      rt().templates.caseDocument(rooftopGreeningCase({ title: `同時出力の確認 ${i + 1}` })),
    );
    const pdfs = await Promise.all(documents.map((d) => rt().renderer.render(d)));
    const texts = await Promise.all(pdfs.map(async (p) => squash((await extractPageTexts(p))[0])));
    texts.forEach((t, i) => expect(t).toContain(`同時出力の確認${i + 1}`));
    expect(rt().renderer.stats().active).toBe(0);
    expect(rt().renderer.stats().queued).toBe(0);
  });

  it('relaunches a killed browser and retries the jobs that were running', async () => {
    const pid = rt().renderer.browserProcessId();
    expect(pid).not.toBeNull();
    const before = rt().renderer.stats();
    const jobs = Array.from({ length: 6 }, (_, i) =>
      rt().renderer.render(
        rt().templates.caseDocument(rooftopGreeningCase({ title: `障害復旧の確認 ${i + 1}` })),
      ),
    );
    await new Promise((r) => setTimeout(r, 40)); // let the first jobs reach the browser
    process.kill(pid as number, 'SIGKILL');
    const pdfs = await Promise.all(jobs);
    for (const [i, pdf] of pdfs.entries()) {
      expect(squash((await extractPageTexts(pdf))[0])).toContain(`障害復旧の確認${i + 1}`);
    }
    const after = rt().renderer.stats();
    expect(after.relaunches).toBe(before.relaunches + 1);
    expect(after.retried).toBeGreaterThan(before.retried);
    expect(rt().renderer.browserProcessId()).not.toBe(pid);
  });
});
