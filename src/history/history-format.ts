import { createHash } from 'node:crypto';
import type { FieldError } from '../common/errors/app-error';
import { OUTCOME_LABELS, OUTCOMES, type Outcome } from '../meetings/agenda-item.entity';
import type { LineKind, SpeakerRole as MinutesSpeakerRole } from '../minutes/minutes-lines';
import { fiscalYearOf } from '../workflow/numbering';
import { todayInJapan } from '../common/format/today';

/*
 * The history import format (README: 過去の記録の取り込み). One JSON document with past meetings
 * (and their minutes) and past cases (and their 答申), or a CSV list of past cases. Everything is
 * checked here that needs no database; every problem is reported with its JSON pointer (or CSV
 * line), never only the first one.
 */

export const HISTORY_FORMAT = 'shingikai-history/1';

/** Outcomes a past case can have had (continued cases are not history yet). */
export const HISTORY_OUTCOMES = OUTCOMES.filter((o) => o !== 'continued');
export type HistoryOutcome = Exclude<Outcome, 'continued'>;
const REPLY_OUTCOMES: HistoryOutcome[] = ['approved', 'approvedWithOpinion', 'rejected'];

export const LINE_KINDS: LineKind[] = [
  'heading',
  'meta',
  'attendance',
  'materials',
  'section',
  'stage',
  'speech',
  'vote',
  'outcome',
  'text',
];
export const MINUTES_SPEAKER_ROLES: MinutesSpeakerRole[] = ['会長', '委員', '説明員', '事務局'];

export interface HistoryFileRef {
  title: string;
  file: string;
}

export interface HistoryMinutesLine {
  kind: LineKind;
  speakerRole: MinutesSpeakerRole | null;
  speakerName: string | null;
  text: string;
}

export interface HistoryMeeting {
  /** Where the record is in the input (JSON pointer). */
  at: string;
  number: number;
  startsAt: string;
  endsAt: string | null;
  place: string;
  minutes: { public: boolean; publishedOn: string | null; lines: HistoryMinutesLine[] } | null;
}

export interface HistoryReply {
  number: number;
  date: string;
  addressee: string | null;
  sender: string | null;
  body: string | null;
  supplementaryOpinions: string[];
}

export interface HistoryCase {
  /** Where the record is in the input (JSON pointer). */
  at: string;
  receiptNumber: string;
  receivedOn: string;
  department: string;
  title: string;
  meeting: number;
  outcome: HistoryOutcome;
  closedSession: boolean;
  /** The case content as the editor saves it, with legal bases given by their code. */
  content: Record<string, unknown>;
  reply: HistoryReply | null;
  files: HistoryFileRef[];
}

export interface HistoryDocument {
  source: string;
  meetings: HistoryMeeting[];
  cases: HistoryCase[];
}

export interface ParsedHistory {
  doc: HistoryDocument;
  errors: FieldError[];
  /** Where a pointer of the document came from in the input (CSV: `line 3: 受付日`). */
  locate: (pointer: string) => string;
}

/** Collects errors by field, several messages per field. */
export class ErrorList {
  readonly items: FieldError[] = [];
  add(field: string, message: string): void {
    const e = this.items.find((x) => x.field === field);
    if (e) e.messages.push(message);
    else this.items.push({ field, messages: [message] });
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const FILE_NAME = /^[^/\\\0]{1,200}\.pdf$/i;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Reads the fields of one JSON object, reporting each problem under its pointer. */
export class Reader {
  constructor(
    private readonly obj: Record<string, unknown>,
    readonly at: string,
    private readonly errors: ErrorList,
    allowed: string[],
  ) {
    for (const k of Object.keys(obj))
      if (!allowed.includes(k)) errors.add(`${at}/${k}`, `「${k}」はこの形式にない項目です`);
  }

  private missing(key: string): void {
    this.errors.add(`${this.at}/${key}`, '必須の項目です');
  }

  /** Notes `message` against the field `key`; null, for the reader to return. */
  private refuse(key: string, message: string): null {
    this.errors.add(`${this.at}/${key}`, message);
    return null;
  }

  str(key: string, opts: { required?: boolean; max?: number } = {}): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null || v === '') {
      if (opts.required !== false) this.missing(key);
      return null;
    }
    if (typeof v !== 'string') return this.refuse(key, '文字列で入力してください');
    if (v.length > (opts.max ?? 4000))
      return this.refuse(key, `${opts.max ?? 4000} 文字以内で入力してください`);
    return v.trim();
  }

  int(key: string, opts: { required?: boolean } = {}): number | null {
    const v = this.obj[key];
    if (v === undefined || v === null || v === '') {
      if (opts.required !== false) this.missing(key);
      return null;
    }
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1_000_000)
      return this.refuse(key, '1 以上の整数で入力してください');
    return n;
  }

  date(key: string, opts: { required?: boolean } = {}): string | null {
    const v = this.str(key, { ...opts, max: 10 });
    if (v === null) return null;
    if (!DATE.test(v) || !isRealDate(v))
      return this.refuse(key, '日付は YYYY-MM-DD の形式で入力してください（例: 2017-07-21）');
    return v;
  }

  dateTime(key: string, opts: { required?: boolean } = {}): string | null {
    const v = this.str(key, { ...opts, max: 40 });
    if (v === null) return null;
    if (!DATE_TIME.test(v) || Number.isNaN(new Date(v).getTime()) || !isRealDate(v.slice(0, 10))) {
      return this.refuse(
        key,
        '日時は時差つきの ISO 8601 形式で入力してください（例: 2017-07-21T14:00:00+09:00）',
      );
    }
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.errors.add(`${this.at}/${key}`, 'true または false で入力してください');
      return fallback;
    }
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[], labels: Record<string, string> = {}): T | null {
    const raw = this.str(key, { max: 100 });
    if (raw === null) return null;
    const byLabel = Object.entries(labels).find(([, label]) => label === raw)?.[0];
    const v = (byLabel ?? raw) as T;
    if (!values.includes(v)) return this.refuse(key, `次のいずれかを入力してください: ${values.join(', ')}`);
    return v;
  }

  array(key: string, opts: { required?: boolean; max?: number } = {}): unknown[] {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (opts.required) this.missing(key);
      return [];
    }
    if (!Array.isArray(v)) {
      this.errors.add(`${this.at}/${key}`, '配列で入力してください');
      return [];
    }
    if (v.length > (opts.max ?? 2000)) {
      this.errors.add(`${this.at}/${key}`, `${opts.max ?? 2000} 件以内にしてください`);
      return [];
    }
    return v;
  }

  strings(key: string): string[] {
    return this.array(key, { max: 100 }).flatMap((v, i) => {
      if (typeof v === 'string' && v.trim() && v.length <= 4000) return [v.trim()];
      this.errors.add(`${this.at}/${key}/${i}`, '4000 文字以内の文字列で入力してください');
      return [];
    });
  }

  object(key: string, opts: { required?: boolean } = {}): Record<string, unknown> | null {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (opts.required) this.missing(key);
      return null;
    }
    if (!isObject(v)) return this.refuse(key, 'オブジェクトで入力してください');
    return v;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Each element of an array that must hold objects, with its pointer. */
function objects(list: unknown[], at: string, errors: ErrorList): [Record<string, unknown>, string][] {
  return list.flatMap((v, i): [Record<string, unknown>, string][] => {
    if (isObject(v)) return [[v, `${at}/${i}`]];
    errors.add(`${at}/${i}`, 'オブジェクトで入力してください');
    return [];
  });
}

function readMeeting(r: Reader, errors: ErrorList): HistoryMeeting | null {
  const number = r.int('number');
  const startsAt = r.dateTime('startsAt');
  const endsAt = r.dateTime('endsAt', { required: false });
  const place = r.str('place', { max: 200 });
  if (startsAt && endsAt && endsAt < startsAt && new Date(endsAt) < new Date(startsAt))
    errors.add(`${r.at}/endsAt`, '終了日時は開始日時より後にしてください');
  let minutes: HistoryMeeting['minutes'] = null;
  const mo = r.object('minutes');
  if (mo) {
    const mr = new Reader(mo, `${r.at}/minutes`, errors, ['public', 'publishedOn', 'lines']);
    const isPublic = mr.bool('public', false);
    const publishedOn = mr.date('publishedOn', { required: false });
    const lines = objects(mr.array('lines', { required: true, max: 5000 }), `${mr.at}/lines`, errors).map(
      ([o, at]) => {
        const lr = new Reader(o, at, errors, ['kind', 'speakerRole', 'speakerName', 'text']);
        const kind = o.kind === undefined ? 'text' : lr.oneOf('kind', LINE_KINDS);
        const speakerRole =
          o.speakerRole === undefined || o.speakerRole === null
            ? null
            : lr.oneOf('speakerRole', MINUTES_SPEAKER_ROLES);
        const speakerName = lr.str('speakerName', { required: false, max: 100 });
        const text = lr.str('text', { max: 20000 });
        return { kind: kind ?? 'text', speakerRole, speakerName, text: text ?? '' };
      },
    );
    if (!isPublic && publishedOn)
      errors.add(`${mr.at}/publishedOn`, '公開しない会議録に公開日は指定できません');
    minutes = { public: isPublic, publishedOn, lines };
  }
  // A meeting with a bad field is still checked against the cases that name it (never written).
  if (number === null) return null;
  return { at: r.at, number, startsAt: startsAt ?? '', endsAt, place: place ?? '', minutes };
}

export function readCase(r: Reader, errors: ErrorList): HistoryCase {
  const receiptNumber = r.str('receiptNumber', { max: 50 });
  const receivedOn = r.date('receivedOn');
  const department = r.str('department', { max: 100 });
  const title = r.str('title', { max: 500 });
  const meeting = r.int('meeting');
  const outcome = r.oneOf('outcome', HISTORY_OUTCOMES, OUTCOME_LABELS);
  const closedSession = r.bool('closedSession', false);
  const content = r.object('content') ?? {};
  if ('title' in content) errors.add(`${r.at}/content/title`, '件名は事案の title に入力してください');
  let reply: HistoryReply | null = null;
  const ro = r.object('reply');
  if (ro) {
    const rr = new Reader(ro, `${r.at}/reply`, errors, [
      'number',
      'date',
      'addressee',
      'sender',
      'body',
      'supplementaryOpinions',
    ]);
    const number = rr.int('number');
    const date = rr.date('date');
    const addressee = rr.str('addressee', { required: false, max: 200 });
    const sender = rr.str('sender', { required: false, max: 200 });
    const body = rr.str('body', { required: false, max: 20000 });
    const supplementaryOpinions = rr.strings('supplementaryOpinions');
    if (outcome && !REPLY_OUTCOMES.includes(outcome))
      errors.add(`${r.at}/reply`, `審議結果が「${OUTCOME_LABELS[outcome]}」の事案に答申はありません`);
    if (outcome === 'approvedWithOpinion' && supplementaryOpinions.length === 0)
      errors.add(
        `${rr.at}/supplementaryOpinions`,
        '付帯意見を付して承認した答申には付帯意見を入力してください',
      );
    if (date && receivedOn && date < receivedOn)
      errors.add(`${rr.at}/date`, '答申日は受付日より後の日付にしてください');
    if (number !== null && date !== null)
      reply = { number, date, addressee, sender, body, supplementaryOpinions };
  } else if (outcome && REPLY_OUTCOMES.includes(outcome)) {
    errors.add(
      `${r.at}/reply`,
      `審議結果が「${OUTCOME_LABELS[outcome]}」の事案には答申（reply）を入力してください`,
    );
  }
  const files = readFiles(r, errors);
  // A case with a bad field is still checked against the database (its other fields, content and
  // files): empty placeholders are skipped by those checks, and nothing is written after an error.
  return {
    at: r.at,
    receiptNumber: receiptNumber ?? '',
    receivedOn: receivedOn ?? '',
    department: department ?? '',
    title: title ?? '',
    meeting: meeting ?? 0,
    outcome: outcome ?? 'noted',
    closedSession,
    content,
    reply,
    files,
  };
}

function readFiles(r: Reader, errors: ErrorList): HistoryFileRef[] {
  return objects(r.array('files', { max: 50 }), `${r.at}/files`, errors).flatMap(([o, at]) => {
    const fr = new Reader(o, at, errors, ['title', 'file']);
    const title = fr.str('title', { max: 300 });
    const file = fr.str('file', { max: 204 });
    if (file !== null && !FILE_NAME.test(file)) {
      errors.add(`${at}/file`, 'PDF のファイル名（.pdf、フォルダ名なし）を入力してください');
      return [];
    }
    return title !== null && file !== null ? [{ title, file }] : [];
  });
}

/** Checks across records: duplicates, the meeting of each case, dates in the right order. */
export function crossCheck(
  meetings: [HistoryMeeting, string][],
  cases: [HistoryCase, string][],
  errors: ErrorList,
): void {
  const today = todayInJapan();
  const byNumber = new Map<number, HistoryMeeting>();
  for (const [m, at] of meetings) {
    if (byNumber.has(m.number)) errors.add(`${at}/number`, `第${m.number}回の会議が重複しています`);
    else byNumber.set(m.number, m);
    if (m.startsAt.slice(0, 10) > today)
      errors.add(
        `${at}/startsAt`,
        '過去の記録の取り込みです。今日より後の会議は通常の画面で登録してください',
      );
  }
  const receipts = new Set<string>();
  const replies = new Set<string>();
  for (const [c, at] of cases) {
    if (c.receiptNumber && receipts.has(c.receiptNumber))
      errors.add(`${at}/receiptNumber`, `受付番号 ${c.receiptNumber} が重複しています`);
    receipts.add(c.receiptNumber);
    if (c.receivedOn > today) errors.add(`${at}/receivedOn`, '受付日に今日より後の日付は指定できません');
    if (c.reply) {
      const key = `${fiscalYearOf(c.reply.date)}-${c.reply.number}`;
      if (replies.has(key))
        errors.add(
          `${at}/reply/number`,
          `答申第${c.reply.number}号（${fiscalYearOf(c.reply.date)}年度）が重複しています`,
        );
      replies.add(key);
    }
    const meeting = byNumber.get(c.meeting);
    if (meeting?.startsAt && c.receivedOn && meeting.startsAt.slice(0, 10) < c.receivedOn)
      errors.add(
        `${at}/receivedOn`,
        `受付日が審議した第${c.meeting}回の会議（${meeting.startsAt.slice(0, 10)}）より後です`,
      );
    if (meeting?.startsAt && c.reply && c.reply.date < meeting.startsAt.slice(0, 10))
      errors.add(`${at}/reply/date`, `答申日が審議した第${c.meeting}回の会議より前です`);
  }
}

/** A JSON history document: its records and every problem found without the database. */
export function parseHistoryJson(text: string): ParsedHistory {
  const errors = new ErrorList();
  const empty: HistoryDocument = { source: '', meetings: [], cases: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    errors.add('', `JSON の形式が正しくありません（${e instanceof Error ? e.message : String(e)}）`);
    return { doc: empty, errors: errors.items, locate: (p) => p };
  }
  if (!isObject(raw)) {
    errors.add('', '取り込むファイルは JSON のオブジェクトにしてください');
    return { doc: empty, errors: errors.items, locate: (p) => p };
  }
  const root = new Reader(raw, '', errors, ['format', 'source', 'meetings', 'cases']);
  const format = root.str('format', { max: 100 });
  if (format !== null && format !== HISTORY_FORMAT)
    errors.add('/format', `形式は「${HISTORY_FORMAT}」にしてください`);
  const source = readSource(root.str('source', { max: 64 }), '/source', errors);
  const meetings = objects(root.array('meetings'), '/meetings', errors).flatMap(
    ([o, at]): [HistoryMeeting, string][] => {
      const m = readMeeting(new Reader(o, at, errors, MEETING_KEYS), errors);
      return m ? [[m, at]] : [];
    },
  );
  const cases = objects(root.array('cases'), '/cases', errors).flatMap(([o, at]): [HistoryCase, string][] => {
    return [[readCase(new Reader(o, at, errors, CASE_KEYS), errors), at]];
  });
  if (meetings.length === 0 && cases.length === 0 && errors.items.length === 0)
    errors.add('', '取り込む会議（meetings）も事案（cases）もありません');
  crossCheck(meetings, cases, errors);
  const doc = { source: source ?? '', meetings: meetings.map(([m]) => m), cases: cases.map(([c]) => c) };
  return { doc, errors: errors.items, locate: (p) => p };
}

const MEETING_KEYS = ['number', 'startsAt', 'endsAt', 'place', 'minutes'];
export const CASE_KEYS = [
  'receiptNumber',
  'receivedOn',
  'department',
  'title',
  'meeting',
  'outcome',
  'closedSession',
  'content',
  'reply',
  'files',
];

export function readSource(v: string | null, at: string, errors: ErrorList): string | null {
  if (v !== null && !SOURCE.test(v)) {
    errors.add(at, '取り込み元の名前は半角英数字と . _ - で 64 文字以内にしてください（例: odawara-2017）');
    return null;
  }
  return v;
}

/** The digest of one record as imported: equal digests, nothing to change. */
export function recordDigest(record: unknown, files: Record<string, string> = {}): string {
  return createHash('sha256').update(stableJson({ record, files })).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
