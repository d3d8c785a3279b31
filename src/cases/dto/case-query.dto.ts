import { CASE_STATES, type CaseState } from '../../workflow/case-state-machine';
import {
  OptionalOneOf,
  OptionalString,
  OptionalUuid,
  OptionalWholeNumber,
} from '../../common/validation/fields';

export const CASE_SORTS = ['updatedAt', 'createdAt', 'title'] as const;

export class CaseQueryDto {
  @OptionalString(200, { description: '全文検索（件名・事業の概要・別紙の記載）。空白区切りはすべてを含む' })
  q?: string;

  @OptionalOneOf(CASE_STATES, { enum: CASE_STATES, description: '事案の状態' }) status?: CaseState;

  @OptionalUuid() departmentId?: string;

  @OptionalOneOf(['consultation', 'report'], { enum: ['consultation', 'report'] }) procedure?:
    | 'consultation'
    | 'report';

  @OptionalUuid() legalBasisId?: string;

  @OptionalWholeNumber(1990, 2200, { description: '作成年（西暦）' }) year?: number;

  @OptionalString(100, { description: '委託先（名称・代表企業・構成企業の一部）' }) vendor?: string;

  @OptionalString(100, { description: '個人情報の項目（例: 氏名）を ◎/○ で扱う事案' }) item?: string;

  @OptionalWholeNumber(1, 10000, { default: 1 }) page?: number;

  @OptionalWholeNumber(1, 100, { default: 20 }) pageSize?: number;

  @OptionalOneOf(CASE_SORTS, { enum: CASE_SORTS }) sort?: (typeof CASE_SORTS)[number];

  @OptionalOneOf(['asc', 'desc'], { enum: ['asc', 'desc'] }) order?: 'asc' | 'desc';
}

export class DiffQueryDto {
  @OptionalWholeNumber(1, undefined, { description: '比較元の版番号（省略時は最新の版の 1 つ前）' })
  from?: number;

  @OptionalWholeNumber(1, undefined, { description: '比較先の版番号（省略時は現在の内容）' })
  to?: number;
}
