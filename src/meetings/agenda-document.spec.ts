import { buildAgendaDocument, japaneseTime } from './agenda-document';
import { materialsList } from './agenda-numbering';

describe('agenda document (次第)', () => {
  it('lays out the 70th meeting: standing items, sections, materials', () => {
    const doc = buildAgendaDocument({
      councilName: '小田原市個人情報保護運営審議会',
      number: 70,
      startsAt: new Date('2017-07-21T14:00:00+09:00'),
      endsAt: new Date('2017-07-21T16:10:00+09:00'),
      place: '小田原市役所 4階 議会会議室',
      items: [
        {
          section: 'consultation',
          label: 'ア',
          title: '下水道使用料管理事務',
          closedSession: false,
          materialLabel: '資料1',
        },
        { section: 'report', label: 'ア', title: '登録状況', closedSession: false, materialLabel: '資料5' },
      ],
      materials: materialsList([
        { id: 'a', materialNumber: 1, groupId: null, documents: ['諮問事案書'] },
        { id: 'b', materialNumber: 2, groupId: 'g', documents: ['事案書イ'] },
        { id: 'c', materialNumber: 3, groupId: 'g', documents: ['事案書ウ'] },
      ]),
    });
    expect(doc.meetingLabel).toBe('第70回');
    expect(doc.dateLabel).toBe('平成29年7月21日（金）');
    expect(doc.timeLabel).toBe('午後2時から午後4時10分まで');
    expect(doc.program.map((p) => p.title)).toEqual(['開会', '議事', 'その他', '閉会']);
    expect(doc.program[1].sections?.map((s) => `${s.number}${s.title}`)).toEqual([
      '(1)諮問事項',
      '(2)報告事項',
    ]);
    expect(doc.materials.map((m) => m.label)).toEqual(['資料1', '資料2・3']);
  });

  it('writes morning and noon times', () => {
    expect(japaneseTime(new Date('2026-12-01T09:30:00+09:00'))).toBe('午前9時30分');
    expect(japaneseTime(new Date('2026-12-01T12:00:00+09:00'))).toBe('午後12時');
  });
});
