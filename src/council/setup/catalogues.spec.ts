import { join } from 'node:path';
import { assess, type RuleBasis } from '../../cases/assessment';
import { NO_ANSWERS } from '../../../test/support/case-fixtures';
import { listCatalogues, readCatalogue } from './catalogues';

const SEEDS = join(process.cwd(), 'seeds');
const NO = NO_ANSWERS;

/** A shipped catalogue as the rule engine sees it once loaded for a council of 架空市. */
function rules(code: string): RuleBasis[] {
  const catalogue = readCatalogue(SEEDS, code, '架空市');
  if (!catalogue) throw new Error(`no catalogue ${code}`);
  return catalogue.legalBases.map((b) => ({ ...b, id: b.code, retired: false }));
}

describe('shipped catalogues', () => {
  it('offers the three catalogues, each with a title and a description', () => {
    const list = listCatalogues(SEEDS);
    expect(list.map((c) => c.code)).toEqual([
      'current-law',
      'ordinance-odawara-style',
      'ordinance-shinjuku-style',
    ]);
    for (const c of list) expect(c.title && c.description).toBeTruthy();
  });

  it("names the ordinance after the council's municipality and brings the standard clause sets", () => {
    const c = readCatalogue(SEEDS, 'ordinance-odawara-style', '架空市')!;
    expect(new Set(c.legalBases.map((b) => b.ordinance))).toEqual(new Set(['架空市個人情報保護条例']));
    expect(c.clauseSets?.map((s) => s.code)).toEqual([
      'personal-info-outsourcing',
      'computer-processing-outsourcing',
    ]);
    expect(readCatalogue(SEEDS, 'standard-clause-sets', '架空市')).toBeNull();
    expect(readCatalogue(SEEDS, '../foundation', '架空市')).toBeNull();
  });
});

describe('assessment on the current framework (法第129条)', () => {
  it('calls an external connection a consultation and says plainly that it is optional', () => {
    const r = assess({ ...NO, externalConnection: true, connectionForm: 'lgwan' }, rules('current-law'), []);
    expect(r.ordinance).toBe('架空市個人情報の保護に関する法律施行条例');
    expect(r.consultation.map((b) => [b.article, b.optional])).toEqual([
      ['法第129条（施行条例で定める場合）', true],
    ]);
    expect(r.notes).toContain(
      '法第129条（施行条例で定める場合）（電子計算機の外部結合（オンライン結合・外部サーバの使用））の諮問は任意です（法第129条）。実施機関が、専門的な知見に基づく意見を聴くことが特に必要であると認めるときに諮問します。',
    );
  });

  it('asks about sensitive data before calling new processing a consultation', () => {
    expect(assess({ ...NO, processing: true }, rules('current-law'), []).bases).toEqual([]);
    const r = assess({ ...NO, processing: true, sensitiveData: true }, rules('current-law'), []);
    expect(r.consultation.map((b) => b.code)).toEqual(['law129-processing-sensitive']);
    expect(r.notes.filter((n) => n.includes('諮問は任意です（法第129条）'))).toHaveLength(1);
  });

  it('keeps an ordinance consultation required: no "optional" wording', () => {
    const r = assess({ ...NO, externalConnection: true }, rules('ordinance-shinjuku-style'), []);
    expect(r.consultation.map((b) => [b.article, b.optional])).toEqual([['第17条第1項第4号', false]]);
    expect(r.notes.join('')).not.toContain('任意');
  });
});
