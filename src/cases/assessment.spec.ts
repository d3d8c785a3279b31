import { NO_ANSWERS } from '../../test/support/case-fixtures';
import {
  assess,
  conditionHolds,
  procedureOf,
  ruleApplies,
  type RuleBasis,
  type RuleCategorical,
} from './assessment';

const basis = (over: Partial<RuleBasis>): RuleBasis => ({
  id: over.code ?? 'x',
  code: 'x',
  ordinance: '新宿区個人情報保護条例',
  article: '第1条',
  shortName: 'x',
  procedure: 'consultation',
  sectionKind: 'processing',
  outsourcingSubtypes: [],
  appliesWhen: {},
  sortOrder: 0,
  retired: false,
  ...over,
});

const CATALOG: RuleBasis[] = [
  basis({
    code: 'ext',
    article: '第17条第1項第4号',
    sectionKind: 'externalConnection',
    appliesWhen: { externalConnection: true },
    sortOrder: 1,
  }),
  basis({ code: 'proc', article: '第16条第1項本文', appliesWhen: { processing: true }, sortOrder: 2 }),
  basis({
    code: 'out',
    article: '第14条第1項',
    procedure: 'priorReport',
    sectionKind: 'outsourcing',
    outsourcingSubtypes: ['computerProcessing', 'designatedManager'],
    appliesWhen: { outsourcing: true },
    sortOrder: 3,
  }),
  basis({ code: 'old', article: '旧第9条', appliesWhen: { processing: true }, retired: true, sortOrder: 4 }),
  basis({ code: 'manual', article: '第30条', appliesWhen: {}, sortOrder: 5 }),
  basis({
    code: 'oda',
    ordinance: '小田原市個人情報保護条例',
    article: '第10条第2項',
    sectionKind: 'externalConnection',
    appliesWhen: { externalConnection: true },
    sortOrder: 9,
  }),
];

describe('rule conditions', () => {
  it('match booleans, strings and lists', () => {
    expect(conditionHolds(true, true)).toBe(true);
    expect(conditionHolds(false, true)).toBe(false);
    expect(conditionHolds('lgwan', ['lgwan', 'vpn'])).toBe(true);
    expect(conditionHolds('internet', ['lgwan', 'vpn'])).toBe(false);
    expect(conditionHolds(['reOutsourcing', 'computerProcessing'], ['computerProcessing'])).toBe(true);
    expect(conditionHolds(undefined, 'lgwan')).toBe(false);
  });
  it('an empty rule never applies', () => {
    expect(ruleApplies({}, { ...NO_ANSWERS, processing: true })).toBe(false);
  });
});

describe('assess', () => {
  it('no answers, no basis', () => {
    const r = assess(NO_ANSWERS, CATALOG, []);
    expect(r.bases).toEqual([]);
    expect(r.procedure).toBeNull();
    expect(r.notes.join()).toContain('該当する条例の根拠がありません');
  });

  it('outsourcing alone is a prior report, one sheet per chosen subtype the article covers', () => {
    const r = assess(
      {
        ...NO_ANSWERS,
        outsourcing: true,
        outsourcingSubtypes: ['computerProcessing', 'designatedManager', 'dispatchedWorkers'],
      },
      CATALOG,
      [],
    );
    expect(r.bases.map((b) => b.code)).toEqual(['out']);
    expect(r.priorReport).toHaveLength(1);
    expect(r.procedure).toBe('report');
    expect(r.sections.map((s) => s.subtype)).toEqual(['computerProcessing', 'designatedManager']);
  });

  it('retired and manual-only bases are never suggested; other ordinances only when chosen', () => {
    const r = assess({ ...NO_ANSWERS, processing: true, externalConnection: true }, CATALOG, []);
    // The papers' sheet order (processing first), not the catalog's.
    expect(r.bases.map((b) => b.code)).toEqual(['proc', 'ext']);
    expect(r.sections.map((s) => s.kind)).toEqual(['processing', 'externalConnection']);
    expect(r.procedure).toBe('consultation');
    expect(r.ordinances).toEqual(['新宿区個人情報保護条例', '小田原市個人情報保護条例']);
    const oda = assess(
      { ...NO_ANSWERS, externalConnection: true, ordinance: '小田原市個人情報保護条例' },
      CATALOG,
      [],
    );
    expect(oda.bases.map((b) => b.code)).toEqual(['oda']);
  });

  it('cites an active categorical consultation whose criteria all hold', () => {
    const registry: RuleCategorical[] = [
      {
        id: 'k1',
        title: 'LGWAN 類型',
        criteria: { externalConnection: true, connectionForm: 'lgwan' },
        replyReference: '答申第3号',
        active: true,
      },
      {
        id: 'k2',
        title: '停止中',
        criteria: { externalConnection: true },
        replyReference: '',
        active: false,
      },
    ];
    expect(
      assess({ ...NO_ANSWERS, externalConnection: true, connectionForm: 'lgwan' }, CATALOG, registry)
        .categorical,
    ).toEqual([{ id: 'k1', title: 'LGWAN 類型', replyReference: '答申第3号' }]);
    expect(
      assess({ ...NO_ANSWERS, externalConnection: true, connectionForm: 'internet' }, CATALOG, registry)
        .categorical,
    ).toEqual([]);
  });

  it('notes for sensitive data and My Number', () => {
    const r = assess({ ...NO_ANSWERS, sensitiveData: true, myNumber: true }, CATALOG, []);
    expect(r.notes.join()).toContain('要配慮');
    expect(r.notes.join()).toContain('マイナンバー');
  });

  it('procedure of a case follows its bases', () => {
    expect(procedureOf([{ procedure: 'priorReport' }, { procedure: 'consultation' }])).toBe('consultation');
    expect(procedureOf([{ procedure: 'priorReport' }])).toBe('report');
  });
});
