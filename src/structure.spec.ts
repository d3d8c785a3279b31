import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * The layout rules of issue 14 that a reviewer would otherwise check by hand: no source file grows
 * past 500 lines, and controllers stay thin (no database handle, no SQL: queries belong to the
 * feature's services).
 */

const SRC = join(process.cwd(), 'src');
const MAX_LINES = 500;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** Strings of a file: '…', "…" and `…` (template bodies whole, with their `${}` parts). */
function stringLiterals(text: string): string[] {
  return [...text.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]);
}

const SQL =
  /\b(?:SELECT\s[\s\S]*?\bFROM\b|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|SET\s+LOCAL\b)/i;
const DATABASE_HANDLE =
  /import\s[^;]*\b(?:DataSource|EntityManager|QueryRunner|Repository)\b[^;]*from\s+'typeorm'|@Inject(?:DataSource|EntityManager|Repository)\b|\.query\(/;

/** Why a controller's text breaks the thin-controller rule, or nothing. */
export function controllerFaults(text: string): string[] {
  const faults: string[] = [];
  if (DATABASE_HANDLE.test(text)) faults.push('holds a database handle');
  const sql = stringLiterals(text).find((s) => SQL.test(s));
  if (sql) faults.push(`writes SQL: ${sql.slice(0, 60)}`);
  return faults;
}

describe('source layout', () => {
  const files = sourceFiles(SRC);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith('.controller.ts'))).toBe(true);
  });

  it(`keeps every file in src/ at ${MAX_LINES} lines or fewer`, () => {
    const long = files
      .map((f) => ({ file: relative(process.cwd(), f), lines: lineCount(readFileSync(f, 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('keeps controllers free of database handles and SQL', () => {
    const bad = files
      .filter((f) => f.endsWith('.controller.ts'))
      .map((f) => ({ file: relative(process.cwd(), f), faults: controllerFaults(readFileSync(f, 'utf8')) }))
      .filter((f) => f.faults.length > 0);
    expect(bad).toEqual([]);
  });

  it('tells a controller that injects a DataSource or writes SQL', () => {
    expect(
      controllerFaults(`import { DataSource } from 'typeorm';\nclass C { constructor(ds: DataSource) {} }`),
    ).toEqual(['holds a database handle']);
    expect(controllerFaults('constructor(@InjectDataSource() private readonly ds: unknown) {}')).toEqual([
      'holds a database handle',
    ]);
    expect(
      controllerFaults("const x = await m.query('SELECT id FROM case_file WHERE id = $1', [id]);"),
    ).toHaveLength(2);
    expect(controllerFaults('const sql = `DELETE FROM register_entry WHERE id = ${id}`;')).toEqual([
      'writes SQL: `DELETE FROM register_entry WHERE id = ${id}`',
    ]);
    expect(controllerFaults("this.views.page(res, 'cases/list', '事案を選択してから一覧に戻る');")).toEqual(
      [],
    );
    expect(controllerFaults("@ApiOkResponse({ description: 'Select the cases to update' })")).toEqual([]);
  });

  it('tells a file over the limit', () => {
    expect(lineCount('a\n'.repeat(MAX_LINES))).toBe(MAX_LINES);
    expect(lineCount('a\n'.repeat(MAX_LINES + 1))).toBeGreaterThan(MAX_LINES);
  });
});
