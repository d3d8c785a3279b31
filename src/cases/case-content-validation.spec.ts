import { EXT_BASIS, OUT_BASIS } from '../../test/support/aggregate-factory';
import type { BasisRef } from './case-aggregate';
import {
  resolveCaseContent,
  validateCaseContent,
  type CaseContentInput,
  type StoredContent,
} from './case-content-validation';
import type { SectionDto } from './dto/section.dto';

const RETIRED: BasisRef = { ...EXT_BASIS, id: 'b-old', article: '第9条', shortName: '旧規定', retired: true };
const CASE_ID = 'case-1';

/** A stored case with an external-connection sheet (s-ext) and an outsourcing sheet (s-out). */
function stored(overrides: Partial<StoredContent> = {}): StoredContent {
  return {
    basisIds: [EXT_BASIS.id, OUT_BASIS.id],
    sections: [
      { id: 's-ext', kind: 'externalConnection', legalBasisId: EXT_BASIS.id, payload: {} },
      { id: 's-out', kind: 'outsourcing', legalBasisId: OUT_BASIS.id, payload: { vendor: '株式会社見本' } },
    ],
    columnKeys: ['name', 'address'],
    bases: [EXT_BASIS, OUT_BASIS, RETIRED],
    clauseSetVersions: [
      {
        id: 'v1',
        clauses: [
          { number: 1, heading: '秘密の保持', text: '…' },
          { number: 2, heading: '再委託の禁止', text: '…' },
        ],
      },
    ],
    ...overrides,
  };
}

const section = (s: Partial<SectionDto> & Pick<SectionDto, 'kind' | 'legalBasisId'>) => s as SectionDto;

function problems(dto: CaseContentInput, opts: { stored?: StoredContent; visible?: string[] } = {}) {
  const errors = validateCaseContent(dto, {
    caseId: CASE_ID,
    stored: opts.stored ?? stored(),
    visibleRelatedIds: new Set(opts.visible ?? []),
  });
  return Object.fromEntries(errors.map((e) => [e.field, e.messages]));
}

describe('validateCaseContent', () => {
  it('accepts a save that only touches plain fields, and one that sends consistent parts', () => {
    expect(problems({ title: '新しい件名' })).toEqual({});
    expect(
      problems(
        {
          legalBasisIds: [OUT_BASIS.id],
          sections: [
            section({
              kind: 'outsourcing',
              legalBasisId: OUT_BASIS.id,
              subtype: 'reOutsourcing',
              clauseSetVersionId: 'v1',
              clauseDeviations: [{ clauseNumber: 2, description: '再委託を認める' }],
              itemKeys: ['phone'],
            } as Partial<SectionDto> as SectionDto),
          ],
          items: { columns: [{ key: 'phone', label: '電話番号' }], rows: [{ cells: { phone: 'required' } }] },
          relatedCaseIds: ['case-2'],
        },
        { visible: ['case-2'] },
      ),
    ).toEqual({});
  });

  it('refuses a sheet order that lacks, repeats or invents sheets, or comes with the sheets', () => {
    expect(problems({ sectionOrder: ['s-out', 's-out', 's-zzz'] })).toEqual({
      'sectionOrder[1]': ['同じ別紙が重複しています'],
      'sectionOrder[2]': ['この事案にない別紙です。画面を再読み込みしてから並べ替えてください'],
      sectionOrder: ['すべての別紙を並べてください。足りない別紙: 別紙1（電子計算機の外部結合）'],
    });
    const both = problems({
      sectionOrder: ['s-out', 's-ext'],
      sections: [section({ id: 's-ext', kind: 'externalConnection', legalBasisId: EXT_BASIS.id })],
    });
    expect(both.sectionOrder?.[0]).toContain('同時に指定できません');
  });

  it('refuses the same sheet twice in the sheets sent', () => {
    const s = section({ id: 's-ext', kind: 'externalConnection', legalBasisId: EXT_BASIS.id });
    expect(problems({ sections: [s, s] })['sections[1].id']).toEqual(['同じ別紙が重複しています']);
  });

  it('refuses unknown, repeated and newly chosen retired legal bases; a retired one already held stays', () => {
    expect(
      problems({ legalBasisIds: ['nope', EXT_BASIS.id, EXT_BASIS.id, RETIRED.id], sections: [] }),
    ).toEqual({
      'legalBasisIds[0]': ['存在しない条例の根拠です'],
      'legalBasisIds[2]': ['同じ根拠が重複しています'],
      'legalBasisIds[3]': ['「第9条（旧規定）」は廃止された根拠のため、新たに選べません'],
    });
    const holding = stored({ basisIds: [RETIRED.id], sections: [] });
    expect(problems({ legalBasisIds: [RETIRED.id] }, { stored: holding })).toEqual({});
  });

  it('checks the item list: column keys once, cells only in known columns (stored columns count)', () => {
    expect(
      problems({
        items: {
          columns: [
            { key: 'name', label: '氏名' },
            { key: 'name', label: '氏名（カナ）' },
          ],
          rows: [{ cells: { name: 'required', address: 'optional' } }],
        },
      }),
    ).toEqual({
      'items.columns[1].key': ['列キー「name」が重複しています'],
      'items.rows[0].cells': ['「address」は個人情報項目一覧にない項目です'],
    });
    // without an item list in the save, the sheets' item keys are checked against the stored columns
    expect(
      problems({
        sections: [
          section({ kind: 'externalConnection', legalBasisId: EXT_BASIS.id, itemKeys: ['address', 'mail'] }),
        ],
      }),
    ).toEqual({ 'sections[0].itemKeys[1]': ['個人情報項目一覧に「mail」の項目がありません'] });
  });

  it('ties each sheet to a chosen basis of its kind, with a subtype and clauses that basis has', () => {
    expect(
      problems({
        legalBasisIds: [EXT_BASIS.id],
        sections: [
          section({ kind: 'outsourcing', legalBasisId: EXT_BASIS.id }),
          section({ kind: 'outsourcing', legalBasisId: OUT_BASIS.id }),
          section({ kind: 'externalConnection', legalBasisId: 'nope' }),
        ],
      }),
    ).toEqual({
      'sections[0].kind': [
        '「第17条第1項第4号（電子計算機の外部結合）」に必要な別紙は「電子計算機の外部結合」です。「委託」の別紙は付けられません',
      ],
      'sections[1].legalBasisId': [
        '「第14条第1項（個人情報の電子計算機処理の委託等）」はこの事案の条例の根拠に選ばれていません',
      ],
      'sections[2].legalBasisId': ['存在しない条例の根拠です'],
    });
    const out = (fields: Record<string, unknown>) =>
      problems({ sections: [section({ kind: 'outsourcing', legalBasisId: OUT_BASIS.id, ...fields })] });
    expect(out({ subtype: 'dispatchedWorkers' })).toEqual({
      'sections[0].subtype': ['「派遣労働者を受け入れる」は「第14条第1項」の委託の種類にありません'],
    });
    expect(out({ clauseSetVersionId: 'v9' })).toEqual({
      'sections[0].clauseSetVersionId': ['存在しない特記事項の版です'],
    });
    expect(
      out({ clauseSetVersionId: 'v1', clauseDeviations: [{ clauseNumber: 7, description: '…' }] }),
    ).toEqual({
      'sections[0].clauseDeviations[0].clauseNumber': ['特記事項に第7項はありません'],
    });
    expect(out({ clauseDeviations: [{ clauseNumber: 1, description: '…' }] })).toEqual({
      'sections[0].clauseDeviations': ['特記事項を選んでから、取扱いの変更を記入してください'],
    });
  });

  it('refuses related cases that are the case itself, repeated, or not visible to the user', () => {
    expect(
      problems({ relatedCaseIds: [CASE_ID, 'case-2', 'case-3', 'case-2'] }, { visible: ['case-2'] }),
    ).toEqual({
      'relatedCaseIds[0]': ['自分自身は関連事案にできません'],
      'relatedCaseIds[2]': ['存在しない事案です'],
      'relatedCaseIds[3]': ['同じ事案が重複しています'],
    });
  });

  it('collects several messages for one field', () => {
    expect(problems({ legalBasisIds: ['nope', 'nope'], sections: [] })['legalBasisIds[1]']).toEqual([
      '存在しない条例の根拠です',
      '同じ根拠が重複しています',
    ]);
  });
});

describe('resolveCaseContent', () => {
  it('keeps the stored parts a save does not send, in the new sheet order when it reorders', () => {
    const r = resolveCaseContent({ sectionOrder: ['s-out', 's-ext'] }, stored());
    expect(r.basisIds).toEqual([EXT_BASIS.id, OUT_BASIS.id]);
    expect(r.reordered).toEqual(['s-out', 's-ext']);
    expect(r.sections.map((s) => s.id)).toEqual(['s-out', 's-ext']);
    expect(r.sections[0]).toMatchObject({ kind: 'outsourcing', vendor: '株式会社見本' });
    expect(resolveCaseContent({ title: 'x' }, stored()).reordered).toBeNull();
  });
});
