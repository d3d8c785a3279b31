import { toCaseDocumentView } from '../../../src/documents/papers/case-document.mapper';
import { completeCase, externalSection, outsourcingSection } from '../../support/aggregate-factory';
import { extractPageTexts, squash } from './pdf-inspect';
import { useTestRuntime } from './runtime';

const COUNCIL = '情報公開・個人情報保護審議会';

/** Issue 16, items 1–5: what a clerk filed prints on the case document, labelled and whole. */
describe('case document prints what the clerk filed', () => {
  const rt = useTestRuntime();

  const render = async (c: ReturnType<typeof completeCase>) =>
    extractPageTexts(await rt().renderer.render(rt().templates.caseDocument(toCaseDocumentView(c, COUNCIL))));

  it('prints the receipt number, the retroactive consultation with its reason, and the background under its own label', async () => {
    const c = completeCase({
      status: 'accepted' as never,
      receiptNumber: '令和8年第12号',
      retroactive: true,
      retroactiveReason: '災害対応のため緊急に開始した',
      overview: {
        ...completeCase().overview,
        businessContent: '見本園を活かす',
        background: '窓口の混雑を解消するため',
      },
    });
    const all = squash((await render(c)).join('\n'));
    expect(all).toContain('受付番号令和8年第12号');
    expect(all).toContain('事後諮問');
    expect(all).toContain('災害対応のため緊急に開始した');
    expect(all).toContain('事業内容見本園を活かす導入の理由・経緯窓口の混雑を解消するため');
  });

  it('gives その他個人に関する情報項目 its own column before 備考', async () => {
    const c = completeCase();
    c.items.rows[0].otherItems = '申請者区分';
    c.items.rows[0].note = '来庁不要';
    const all = squash((await render(c)).join('\n'));
    expect(all).toContain('その他個人に関する情報項目備考');
    expect(all).toMatch(/申請者区分来庁不要/);
  });

  it('keeps a re-outsourcing note the clerk typed when none is planned', async () => {
    const c = completeCase({
      sections: [
        externalSection(),
        outsourcingSection({ reOutsourcing: { planned: false, scope: '保守の一部について再委託を検討中' } }),
      ],
    });
    const all = squash((await render(c)).join('\n'));
    expect(all).toContain('再委託なし保守の一部について再委託を検討中');
  });

  it('never leaves one character alone on the last line of a heading or a sheet title', async () => {
    // Titles around the width of a line: one of them would wrap a lone 「て」 without orphan control.
    const titles = Array.from(
      { length: 14 },
      (_, i) => `${'屋上緑化見本園見学申込'.repeat(4).slice(0, 28 + i)}の導入について`,
    );
    const c = completeCase({
      title: titles[6],
      sections: titles.map((sheetTitle, i) => ({ ...externalSection({ sheetTitle }), id: `s${i}` })),
      legalBases: completeCase().legalBases,
    });
    const pages = await render(c);
    const lines = pages
      .join('\n')
      .split('\n')
      .map((l) => l.trim());
    const lone = lines.filter((l, i) => l.length === 1 && /^[ぁ-んァ-ヶ一-龠]$/.test(l) && i > 0);
    expect(lone).toEqual([]);
    expect(squash(pages.join(''))).toContain(squash(`件名　${titles[13]}`));
  });
});
