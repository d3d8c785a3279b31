import { MINUTES_SECTIONS } from '../../test/support/minutes-fixtures';
import { generateMinutes, type MinutesRecord, type RecordItem } from './minutes-generator';

function item(over: Partial<RecordItem> & Pick<RecordItem, 'id' | 'label' | 'materialNumber'>): RecordItem {
  return {
    section: 'consultation',
    title: `件名${over.label}`,
    groupId: null,
    closedSession: false,
    explainedBy: null,
    entries: [],
    voteMethod: 'noObjection',
    votesFor: null,
    votesAgainst: null,
    abstentions: null,
    outcome: 'approved',
    withdrawalReason: null,
    opinions: [],
    ...over,
  };
}

type Attendee = MinutesRecord['attendees'][number];

/** A member present for the whole meeting, unless `over` says otherwise. */
function attendee(over: Partial<Attendee> & Pick<Attendee, 'name'>): Attendee {
  return {
    category: 'member',
    memberTitle: 'member',
    position: null,
    departmentName: null,
    attendance: 'present',
    agendaItemId: null,
    ...over,
  };
}

const record: MinutesRecord = {
  councilName: '小田原市個人情報保護運営審議会',
  number: 70,
  startsAt: new Date('2017-07-21T14:00:00+09:00'),
  endsAt: new Date('2017-07-21T16:10:00+09:00'),
  place: '小田原市役所 4階 議会会議室',
  otherNotes: null,
  attendees: [
    attendee({ memberTitle: 'chair', name: '小室 充孝' }),
    attendee({ name: '本田 耕一' }),
    attendee({ name: '欠席 太郎', attendance: 'absent' }),
    attendee({
      category: 'secretariat',
      memberTitle: null,
      name: '柏木',
      position: '総務課長',
      departmentName: '総務課',
    }),
    attendee({
      category: 'explainer',
      memberTitle: null,
      name: '清水',
      position: '課長',
      departmentName: '下水道総務課',
      agendaItemId: 'a',
    }),
  ],
  items: [
    item({
      id: 'a',
      label: 'ア',
      materialNumber: 1,
      explainedBy: '清水課長',
      entries: [
        { id: 'q1', phase: 'qa', speakerRole: 'member', speakerName: null, text: '県の手続と同じですか。' },
        {
          id: 'a1',
          phase: 'qa',
          speakerRole: 'explainer',
          speakerName: '清水課長',
          text: '若干異なります。',
        },
      ],
    }),
    item({
      id: 'b',
      label: 'イ',
      materialNumber: 2,
      groupId: 'g',
      voteMethod: 'unanimous',
      outcome: 'approvedWithOpinion',
      opinions: ['周知を徹底すること。'],
    }),
    item({
      id: 'c',
      label: 'ウ',
      materialNumber: 3,
      groupId: 'g',
      voteMethod: 'majority',
      votesFor: 5,
      votesAgainst: 1,
    }),
    item({
      id: 'd',
      label: 'エ',
      materialNumber: 4,
      closedSession: true,
      voteMethod: null,
      outcome: 'withdrawn',
      withdrawalReason: '様子を見るため。',
      entries: [{ id: 's1', phase: 'qa', speakerRole: 'member', speakerName: null, text: '非公開の質疑' }],
    }),
    item({ id: 'r1', section: 'report', label: 'ア', materialNumber: 5, voteMethod: null, outcome: 'noted' }),
    item({ id: 'r2', section: 'report', label: 'イ', materialNumber: 6, voteMethod: null, outcome: 'noted' }),
  ],
  materials: [
    { label: '資料1', documents: ['諮問事案書'] },
    { label: '資料2・3', documents: ['諮問事案書イ', '諮問事案書ウ'] },
  ],
};

describe('generateMinutes', () => {
  const lines = generateMinutes(record);
  const text = (key: string) => lines.find((l) => l.key === key)?.text;

  it('produces the heading, date and time, place, attendees by role and materials of the Odawara minutes', () => {
    expect(text('heading')).toBe('第70回小田原市個人情報保護運営審議会会議録');
    expect(text('meta:datetime')).toBe('1 日時 平成29年7月21日（金） 午後2時から午後4時10分まで');
    expect(text('meta:place')).toBe('2 場所 小田原市役所 4階 議会会議室');
    expect(text('attendance:chair')).toBe('(1) 会長 小室 充孝');
    expect(text('attendance:members')).toBe('(2) 委員 本田 耕一');
    expect(text('attendance:secretariat')).toBe('(3) 事務局 柏木総務課長');
    expect(text('attendance:explainers')).toBe('(4) 説明員 (下水道総務課) 清水課長');
    expect(text('materials:資料2・3')).toBe('資料2・3 諮問事案書イ、諮問事案書ウ');
  });

  it('orders the sections: 会議の概要, 開会, 議事, 諮問審議, 報告事項, その他, 閉会', () => {
    expect(lines.filter((l) => l.kind === 'section').map((l) => l.text)).toEqual(MINUTES_SECTIONS);
  });

  it('writes each item: explanation, Q&A with speaker roles, explainers entering and leaving, vote and outcome', () => {
    const a = lines.filter(
      (l) => l.key.startsWith('item:a:') || l.key === 'entry:q1' || l.key === 'entry:a1',
    );
    expect(a.map((l) => `${l.speakerRole ?? ''}|${l.text}`)).toEqual([
      '会長|それでは諮問事項ア「件名ア」を審議いたします。内容の説明を求めます。',
      '|< 下水道総務課説明員入室 清水課長が資料1に基づき説明 >',
      '説明員|諮問事項アについて、資料1に基づき説明した。',
      '会長|質疑はありますか。',
      '委員|県の手続と同じですか。',
      '説明員|若干異なります。',
      '会長|それでは説明員の方は、ご退席ください。ありがとうございました。',
      '|<質疑応答終了 説明員退室>',
      '会長|では、審議に入ります。諮問事項アについて、ご意見いかがでしょうか。',
      '|(意見なし)',
      '会長|それでは、諮問事項アを承認することに賛成ということでよろしいですか。',
      '|(異議なし)',
      '会長|それでは、諮問事項アは承認することといたします。',
    ]);
  });

  it('explains joint items together and votes them separately, with counts and opinions', () => {
    expect(text('item:b:intro')).toContain('諮問事項イ「件名イ」及び諮問事項ウ「件名ウ」');
    expect(text('item:b:intro')).toContain('併せて審議');
    expect(text('item:b:vote')).toBe('(全員賛成)');
    expect(text('item:b:outcome')).toBe(
      '全員賛成と認めます。よって、諮問事項イは付帯意見を付して承認することといたします。',
    );
    expect(text('item:b:opinion:0')).toBe('（付帯意見）周知を徹底すること。');
    expect(text('item:c:vote')).toBe('(賛成5名、反対1名)');
    expect(lines.some((l) => l.key === 'item:c:intro')).toBe(false);
  });

  it('marks every line of a closed item as closed, and records a withdrawal with its reason', () => {
    const d = lines.filter((l) => l.key.startsWith('item:d:') || l.key === 'entry:s1');
    expect(d.length).toBeGreaterThan(3);
    expect(d.every((l) => l.closed)).toBe(true);
    expect(lines.filter((l) => !d.includes(l)).some((l) => l.closed)).toBe(false);
    expect(text('item:d:withdrawal')).toBe('（取下げの理由）様子を見るため。');
  });

  it('reports are explained together, then その他 and 閉会', () => {
    expect(text('reports:intro')).toBe(
      'それでは次に、報告事項アからイまでを一括して事務局から説明願います。',
    );
    expect(text('reports:explanation')).toBe('(資料5から6に基づき説明)');
    expect(text('other:notes')).toBe('特にございません。');
    expect(lines[lines.length - 1].text).toBe(
      'では、これで第70回小田原市個人情報保護運営審議会を終了いたします。',
    );
  });

  it('gives every line a unique key', () => {
    expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
  });
});
