/** A parsed CSV table: its rows of cells, the line each row starts on, the first syntax error. */
export interface CsvTable {
  rows: string[][];
  /** 1-based line number of each row's start. */
  lines: number[];
  error: { line: number; message: string } | null;
}

/**
 * RFC 4180 CSV (comma separated, double quotes around fields that hold commas, quotes or line
 * breaks, "" for a quote inside). Line numbers count physical lines, as a spreadsheet shows them.
 */
export function parseCsv(text: string): CsvTable {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 0;
  let error: CsvTable['error'] = null;
  const endRow = () => {
    row.push(cell);
    rows.push(row);
    lines.push(rowLine);
    row = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === '"') {
      error ??= { line, message: '引用符（"）で囲まれていない値の途中に引用符があります' };
      cell += ch;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') {
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) error ??= { line: quoteLine, message: '引用符（"）が閉じられていません' };
  if (cell !== '' || row.length) endRow();
  return { rows, lines, error };
}
