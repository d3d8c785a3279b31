import { materialLabel, materialsList, numberAgenda } from './agenda-numbering';
import { quorumRequired, quorumStatus } from './quorum';

describe('agenda numbering', () => {
  it('numbers consultations and reports separately, materials across both (the 70th meeting)', () => {
    const items = [
      { id: 'r2', section: 'report' as const, position: 2 },
      { id: 'c1', section: 'consultation' as const, position: 1 },
      { id: 'c3', section: 'consultation' as const, position: 3 },
      { id: 'r1', section: 'report' as const, position: 1 },
      { id: 'c2', section: 'consultation' as const, position: 2 },
      { id: 'c4', section: 'consultation' as const, position: 4 },
      { id: 'r3', section: 'report' as const, position: 3 },
    ];
    const n = numberAgenda(items);
    expect(['c1', 'c2', 'c3', 'c4'].map((id) => n.get(id)?.label)).toEqual(['ア', 'イ', 'ウ', 'エ']);
    expect(['r1', 'r2', 'r3'].map((id) => n.get(id)?.label)).toEqual(['ア', 'イ', 'ウ']);
    expect(['c1', 'c2', 'c3', 'c4', 'r1', 'r2', 'r3'].map((id) => n.get(id)?.materialNumber)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('follows positions, not insertion order, and handles 46+ items', () => {
    const items = Array.from({ length: 48 }, (_, i) => ({
      id: `c${i}`,
      section: 'consultation' as const,
      position: 100 - i,
    }));
    const n = numberAgenda(items);
    expect(n.get('c47')?.label).toBe('ア');
    expect(n.get('c2')?.label).toBe('ン');
    expect(n.get('c0')?.label).toBe('アイ');
  });
});

describe('materials list', () => {
  it('lets a joint group share one entry (資料2・3)', () => {
    const list = materialsList([
      { id: 'a', materialNumber: 1, groupId: null, documents: ['事案書ア'] },
      { id: 'c', materialNumber: 3, groupId: 'g', documents: ['事案書ウ'] },
      { id: 'b', materialNumber: 2, groupId: 'g', documents: ['事案書イ', '別紙1'] },
      { id: 'd', materialNumber: 4, groupId: null, documents: [] },
    ]);
    expect(list.map((e) => e.label)).toEqual(['資料1', '資料2・3', '資料4']);
    expect(list[1].documents).toEqual(['事案書イ', '別紙1', '事案書ウ']);
    expect(list[1].itemIds).toEqual(['b', 'c']);
  });
  it('sorts the numbers of a label', () => {
    expect(materialLabel([3, 2])).toBe('資料2・3');
  });
});

describe('quorum', () => {
  it('過半数: more than half', () => {
    expect(quorumRequired(8)).toBe(5);
    expect(quorumRequired(7)).toBe(4);
    expect(quorumRequired(1)).toBe(1);
    expect(quorumRequired(0)).toBe(0);
  });
  it('configurable: two thirds or more', () => {
    expect(quorumRequired(9, { numerator: 2, denominator: 3, inclusive: true })).toBe(6);
    expect(quorumRequired(10, { numerator: 2, denominator: 3, inclusive: true })).toBe(7);
  });
  it('reports whether it is met', () => {
    expect(quorumStatus(8, 4)).toMatchObject({ required: 5, met: false, label: '過半数' });
    expect(quorumStatus(8, 8).met).toBe(true);
  });
});
