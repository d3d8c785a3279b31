import { parseCsv } from './csv';
import {
  CASE_KEYS,
  crossCheck,
  ErrorList,
  type HistoryCase,
  type ParsedHistory,
  readCase,
  Reader,
  readSource,
} from './history-format';

/* The CSV form of the history import: a list of past cases, one row a case (README: 過去の記録の取り込み). */

/** CSV columns of a past-case list: the JSON field each fills, by its Japanese or English header. */
export const CASE_CSV_COLUMNS: { header: string; field: string; required: boolean }[] = [
  { header: '受付番号', field: 'receiptNumber', required: true },
  { header: '受付日', field: 'receivedOn', required: true },
  { header: '担当課コード', field: 'department', required: true },
  { header: '件名', field: 'title', required: true },
  { header: '会議回', field: 'meeting', required: true },
  { header: '審議結果', field: 'outcome', required: true },
  { header: '答申番号', field: 'replyNumber', required: false },
  { header: '答申日', field: 'replyDate', required: false },
  { header: '付帯意見', field: 'supplementaryOpinions', required: false },
];

/**
 * A CSV list of past cases (one row a case, a header row first): the same records as the JSON
 * `cases`, each problem reported with its line and column header.
 */
export function parseHistoryCsv(text: string, source: string | null): ParsedHistory {
  const errors = new ErrorList();
  const checkedSource = readSource(source, 'source', errors);
  if (!source) errors.add('source', 'CSV の取り込みには取り込み元の名前（source）を指定してください');
  const table = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = table.rows[0] ?? [];
  const columns = header.map((h) => {
    const name = h.trim();
    return CASE_CSV_COLUMNS.find((c) => c.header === name || c.field === name) ?? null;
  });
  const lineOf = new Map<string, string>();
  header.forEach((h, i) => {
    if (!columns[i])
      errors.add(
        `line 1: ${h}`,
        `「${h}」は取り込めない列です（${CASE_CSV_COLUMNS.map((c) => c.header).join('、')}）`,
      );
  });
  for (const c of CASE_CSV_COLUMNS)
    if (c.required && !columns.some((x) => x === c))
      errors.add(`line 1: ${c.header}`, `列「${c.header}」がありません`);
  if (table.error) errors.add(`line ${table.error.line}`, table.error.message);
  const cases: [HistoryCase, string][] = [];
  let rowCount = 0;
  table.rows.slice(1).forEach((cells, r) => {
    const line = table.lines[r + 1];
    if (cells.every((c) => c.trim() === '')) return;
    const obj: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (c && cells[i] !== undefined && cells[i].trim() !== '') obj[c.field] = cells[i].trim();
    });
    const at = `/cases/${rowCount++}`;
    for (const c of CASE_CSV_COLUMNS) {
      lineOf.set(`${at}/${c.field}`, `line ${line}: ${c.header}`);
      if (c.field === 'replyNumber') lineOf.set(`${at}/reply/number`, `line ${line}: ${c.header}`);
      if (c.field === 'replyDate') lineOf.set(`${at}/reply/date`, `line ${line}: ${c.header}`);
      if (c.field === 'supplementaryOpinions')
        lineOf.set(`${at}/reply/supplementaryOpinions`, `line ${line}: ${c.header}`);
    }
    lineOf.set(at, `line ${line}`);
    lineOf.set(`${at}/reply`, `line ${line}: 答申番号`);
    if (cells.length > header.length) errors.add(`line ${line}`, '見出しより多くの列があります');
    const { replyNumber, replyDate, supplementaryOpinions, ...rest } = obj;
    const record: Record<string, unknown> = { ...rest };
    if (replyNumber !== undefined || replyDate !== undefined)
      record.reply = {
        number: replyNumber,
        date: replyDate,
        supplementaryOpinions:
          typeof supplementaryOpinions === 'string'
            ? supplementaryOpinions.split(/\r?\n|｜/).filter((s) => s.trim())
            : [],
      };
    cases.push([readCase(new Reader(record, at, errors, CASE_KEYS), errors), at]);
  });
  if (rowCount === 0) errors.add('line 2', '取り込む行がありません');
  crossCheck([], cases, errors);
  const doc = { source: checkedSource ?? '', meetings: [], cases: cases.map(([c]) => c) };
  const locate = (p: string) => lineOf.get(p) ?? p;
  return {
    doc,
    errors: errors.items.map((e) => ({ field: locate(e.field), messages: e.messages })),
    locate,
  };
}
