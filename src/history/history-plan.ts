import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { CaseContentDto } from '../cases/dto/case-input.dto';
import type { HistoryCase, HistoryMeeting } from './history-format';

/* What an import plans and the keys that make a second import change nothing. */

/** One uploaded file: the JSON/CSV document or a PDF it names. */
export interface HistoryUpload {
  name: string;
  buffer: Buffer;
}

export interface HistoryCounts {
  meetings: number;
  cases: number;
  replies: number;
  minutes: number;
  files: number;
}

export interface HistoryImportResult {
  dryRun: boolean;
  source: string;
  created: HistoryCounts;
  unchanged: HistoryCounts;
}

/** Who imports: the signed-in secretariat/admin, or the user the CLI acts as. */
export type HistoryActor = Pick<AuthUser, 'id' | 'username' | 'displayName' | 'role'>;

const zero = (): HistoryCounts => ({ meetings: 0, cases: 0, replies: 0, minutes: 0, files: 0 });
const ERA_START: Record<string, number> = { R: 2018, H: 1988, S: 1925 };

/** `<source>/<kind>/<original number>`: the stable external key of an imported record. */
export const importKey = (source: string, kind: string, original: string | number) =>
  `${source}/${kind}/${original}`;

/** The fiscal year a 受付番号 like H29-003 was drawn in, and its sequence (null: another format). */
export function receiptSequence(receipt: string): { fiscalYear: number; value: number } | null {
  const m = /^([RHS])(\d{1,2})-(\d{1,6})$/.exec(receipt);
  if (!m) return null;
  return { fiscalYear: ERA_START[m[1]] + Number(m[2]), value: Number(m[3]) };
}

/** What an import makes and what it finds already there (a dry run reports the same). */
export function countPlan(source: string, plan: Plan, dryRun: boolean): HistoryImportResult {
  const created = zero();
  const unchanged = zero();
  for (const p of plan.meetings) {
    const t = p.existing ? unchanged : created;
    t.meetings++;
    if (p.record.minutes) t.minutes++;
  }
  for (const p of plan.cases) {
    const t = p.existing ? unchanged : created;
    t.cases++;
    if (p.record.reply) t.replies++;
    t.files += p.record.files.length;
  }
  return { dryRun, source, created, unchanged };
}

export interface Existing {
  id: string;
  importedFrom: string | null;
  importedDigest: string | null;
}

export interface Plan {
  meetings: { record: HistoryMeeting; key: string; digest: string; existing: Existing | null }[];
  cases: {
    record: HistoryCase;
    key: string;
    digest: string;
    existing: Existing | null;
    departmentId: string;
    content: CaseContentDto;
  }[];
  files: Map<string, { buffer: Buffer; sha256: string }>;
}

/** The importing user as the case writer and the unit of work know users (no department). */
export function asAuthUser(actor: HistoryActor): AuthUser {
  return { ...actor, departmentId: null } as AuthUser;
}

/** Marks a row as imported history: its external key and the digest of what was imported. */
export async function mark(
  m: EntityManager,
  table: string,
  id: string,
  key: string,
  digest: string,
): Promise<void> {
  await m.query(`UPDATE ${table} SET imported_from = $2, imported_digest = $3 WHERE id = $1`, [
    id,
    key,
    digest,
  ]);
}

/** `sections[0].vendor.name` → `sections/0/vendor/name` (a JSON pointer's tail). */
export function pointerOf(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '')
    .split('.')
    .join('/');
}
