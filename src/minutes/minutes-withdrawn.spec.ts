import { generateMinutes, type MinutesRecord } from './minutes-generator';

const record = (): MinutesRecord => ({
  councilName: '小田原市個人情報保護運営審議会',
  number: 70,
  startsAt: new Date('2017-07-21T14:00:00+09:00'),
  endsAt: new Date('2017-07-21T16:10:00+09:00'),
  place: '議会会議室',
  otherNotes: null,
  attendees: [],
  materials: [],
  items: [
    {
      id: 'w',
      section: 'consultation',
      label: 'ア',
      title: '取り下げられた件',
      groupId: null,
      closedSession: false,
      explainedBy: null,
      materialNumber: 1,
      entries: [
        {
          id: 'e1',
          phase: 'deliberation',
          speakerRole: 'chair',
          speakerName: '小室 充孝',
          text: '所管課から取下げの申出がありましたので、審議は行いません。',
        },
      ],
      voteMethod: null,
      votesFor: null,
      votesAgainst: null,
      abstentions: null,
      outcome: 'withdrawn',
      withdrawalReason: '制度設計を見直すため',
      opinions: [],
    },
  ],
});

describe('minutes of a withdrawn item', () => {
  it("keeps the chair's remark made during the deliberation, before the withdrawal is confirmed", () => {
    const lines = generateMinutes(record());
    const texts = lines.map((l) => l.text);
    const remark = texts.indexOf('所管課から取下げの申出がありましたので、審議は行いません。');
    const confirmed = texts.findIndex((t) => t.includes('取下げがあったものと認めます'));
    expect(remark).toBeGreaterThan(0);
    expect(remark).toBeLessThan(confirmed);
    expect(lines[remark].speakerRole).toBe('会長');
  });
});
