import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../../common/errors/validation';
import { CaseContentDto, CreateCaseDto } from './case-input.dto';

async function errorsOf(body: object, type: typeof CaseContentDto = CaseContentDto) {
  const dto = plainToInstance(type, body);
  const found = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return Object.fromEntries(flattenValidationErrors(found).map((e) => [e.field, e.messages.join(' / ')]));
}

const ID = '00000000-0000-4000-8000-000000000001';

describe('case content DTO', () => {
  it('validates each section by its kind, with field paths', async () => {
    const e = await errorsOf({
      sections: [
        { kind: 'processing', legalBasisId: ID, vendor: { name: 'x' } },
        { kind: 'outsourcing', legalBasisId: ID, vendor: { leadCompany: 1, memberCompanies: ['a', 2] } },
      ],
    });
    expect(e['sections[0].vendor']).toContain('不明な項目');
    expect(e['sections[1].vendor.leadCompany']).toContain('文字列');
    expect(e['sections[1].vendor.memberCompanies']).toBeDefined();
  });
  it('accepts ◎ / ○ / blank and refuses anything else', async () => {
    const dto = plainToInstance(CaseContentDto, {
      items: { columns: [{ key: 'name', label: '氏名' }], rows: [{ cells: { name: '◎', id: '○', pw: '' } }] },
    });
    expect(dto.items?.rows[0].cells).toEqual({ name: 'required', id: 'optional', pw: null });
    const e = await errorsOf({ items: { columns: [], rows: [{ cells: { name: 'yes' } }] } });
    expect(e['items.rows[0].cells']).toContain('◎（required）');
  });
  it('states the limit of a long text', async () => {
    const e = await errorsOf({ overview: { businessContent: 'x'.repeat(20001) } });
    expect(e['overview.businessContent']).toBe('20,000 文字以内で入力してください（現在 20,001 文字）');
  });
  it('keeps markup as text', async () => {
    expect(await errorsOf({ title: '<b>{{x}}</b>', overview: { purpose: '<script>' } })).toEqual({});
  });
  it('requires a title that is not blank for a new case, not for an edit', async () => {
    expect(await errorsOf({}, CreateCaseDto)).toEqual({ title: '件名を入力してください' });
    expect(await errorsOf({ title: ' \u3000' }, CreateCaseDto)).toEqual({ title: '件名を入力してください' });
    expect(await errorsOf({ title: '緑化' }, CreateCaseDto)).toEqual({});
    expect(await errorsOf({})).toEqual({});
    expect(await errorsOf({ title: '  ' })).toEqual({ title: '件名を入力してください' });
  });
});
