import type { CaseAggregate } from '../cases/case-aggregate';
import type { RegisterFields } from './register-fields';

/** Splits a free list (「アクセス履歴、イベント等への参加申込み情報」) into its items. */
function splitList(text: string): string[] {
  return text
    .split(/[、,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const unique = (xs: string[]) => [...new Set(xs)];

/**
 * What an approved case implies for the register: its personal-data item list (every column marked
 * ◎ or ○ in some row, then the rows' その他の項目) becomes the 記録項目, 要配慮 when a used column is
 * flagged so, the business purpose the 利用目的, its 対象者 the 記録範囲, the procedures the
 * collection method and the recipients of its purpose-extension sheets the 経常的提供先.
 * The department reads and may edit all of it before it reaches the register.
 */
export function proposalFromCase(c: CaseAggregate): RegisterFields {
  const rows = c.items.rows;
  const used = c.items.columns.filter((col) => rows.some((r) => r.cells[col.key]));
  const recordItems = unique([
    ...used.map((col) => col.label),
    ...rows.flatMap((r) => splitList(r.otherItems)),
  ]);
  const procedures = unique(rows.map((r) => r.procedureName.trim()).filter(Boolean));
  const recipients = unique(
    c.sections
      .filter((s) => s.kind === 'purposeExtension')
      .map((s) => (typeof s.fields.recipient === 'string' ? s.fields.recipient.trim() : ''))
      .filter(Boolean),
  );
  const name = c.overview.businessName.trim() || c.title.trim();
  return {
    name: name ? `${name}に関する個人情報ファイル` : '',
    purpose: c.overview.purpose.trim() || c.overview.businessContent.trim(),
    recordItems,
    recordScope: c.overview.targetPersons.trim(),
    collectionMethod: procedures.length ? `本人からの申請（${procedures.join('、')}）` : '',
    sensitive: used.some((col) => col.sensitive),
    regularRecipients: recipients.join('、'),
    requestOffice: c.overview.businessDepartment.trim() || c.departmentName,
    specialProcedures: '',
    fileType: 'computer',
    exclusion: null,
    exclusionNote: '',
  };
}
