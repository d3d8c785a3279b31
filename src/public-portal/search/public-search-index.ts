import type { EntityManager } from 'typeorm';
import { findCurrentCouncil } from '../../council/current-council';
import type { PublicLine } from '../../minutes/minutes.entity';
import type { MinutesLine } from '../../minutes/minutes-lines';
import { publicLineSources } from '../../minutes/redaction/public-version';
import { bigrams, normalize } from './search-text';

/**
 * The public search index: one row per line of published minutes and per section of an issued
 * 答申 of an open item. Publication is its only writer (minutes published or taken back, a reply
 * issued, the sample data and the history import), in the same transaction, so a search sees a
 * publication the moment it commits and never anything publication did not produce.
 */

const CONTEXT_CHARS = 80;
const AGENDA_SECTION = { consultation: '諮問事項', report: '報告事項' } as const;

/** One row of `public_search_line`, as written. */
export interface IndexRow {
  doc_kind: 'minutes' | 'reply';
  meeting_id: string | null;
  reply_id: string | null;
  meeting_number: number | null;
  line_no: number;
  held_on: string;
  published_at: string;
  speaker_role: string | null;
  item_label: string | null;
  item_kind: 'consultation' | 'report' | null;
  outcome: string | null;
  legal_bases: string[];
  doc_title: string;
  text: string;
  norm: string;
  bigrams: string[];
  context_before: string | null;
  context_after: string | null;
}

interface ItemFacts {
  label: string;
  kind: 'consultation' | 'report';
  outcome: string | null;
  legalBases: string[];
}

const clip = (s: string | undefined, tail: boolean) =>
  s === undefined
    ? null
    : s.length <= CONTEXT_CHARS
      ? s
      : tail
        ? `…${s.slice(-CONTEXT_CHARS)}`
        : `${s.slice(0, CONTEXT_CHARS)}…`;

/** Open agenda items of a meeting (closed ones never reach the public version), with what a reader filters by. */
async function itemFacts(m: EntityManager, meetingId: string): Promise<Map<string, ItemFacts>> {
  const rows: {
    id: string;
    section: 'consultation' | 'report';
    number_label: string | null;
    outcome: string | null;
    bases: string[];
  }[] = await m.query(
    `SELECT ai.id, ai.section, ai.number_label, ai.outcome,
              COALESCE(ARRAY(SELECT lb.short_name FROM case_legal_basis clb JOIN legal_basis lb ON lb.id = clb.legal_basis_id
                              WHERE clb.case_id = ai.case_id ORDER BY clb.position), '{}') AS bases
         FROM agenda_item ai WHERE ai.meeting_id = $1 AND NOT ai.closed_session`,
    [meetingId],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        label: `${AGENDA_SECTION[r.section]}${r.number_label ?? ''}`,
        kind: r.section,
        outcome: r.outcome,
        legalBases: r.bases,
      },
    ]),
  );
}

const REPORTS: ItemFacts = { label: '報告事項', kind: 'report', outcome: null, legalBases: [] };

/** The agenda item each public line speaks of, from the key of the internal line behind it. */
function attribute(
  sources: Array<MinutesLine | null>,
  items: Map<string, ItemFacts>,
): Array<ItemFacts | null> {
  let current: ItemFacts | null = null;
  return sources.map((line) => {
    if (!line) return null;
    const item = /^item:([0-9a-f-]{36}):/.exec(line.key);
    if (item) current = items.get(item[1]) ?? null;
    else if (line.key === 'section:reports' || line.key.startsWith('reports:')) current = REPORTS;
    else if (!line.key.startsWith('entry:') && line.source !== 'manual') current = null;
    return current;
  });
}

function rowsOf(
  texts: string[],
  base: Omit<
    IndexRow,
    | 'line_no'
    | 'text'
    | 'norm'
    | 'bigrams'
    | 'context_before'
    | 'context_after'
    | 'speaker_role'
    | 'item_label'
    | 'item_kind'
    | 'outcome'
    | 'legal_bases'
  >,
  per: (i: number) => { speakerRole: string | null; item: ItemFacts | null },
): IndexRow[] {
  return texts.map((text, i) => {
    const { speakerRole, item } = per(i);
    const norm = normalize(text);
    return {
      ...base,
      line_no: i + 1,
      speaker_role: speakerRole,
      item_label: item?.label ?? null,
      item_kind: item?.kind ?? null,
      outcome: item?.outcome ?? null,
      legal_bases: item?.legalBases ?? [],
      text,
      norm,
      bigrams: bigrams(norm),
      context_before: clip(texts[i - 1], true),
      context_after: clip(texts[i + 1], false),
    };
  });
}

async function insertRows(m: EntityManager, rows: IndexRow[]): Promise<void> {
  // Without a council there is no portal to search (tests that build rows without one).
  const council = await findCurrentCouncil(m);
  if (!rows.length || !council) return;
  for (let i = 0; i < rows.length; i += 2000) {
    await m.query(
      `INSERT INTO public_search_line (council_id, doc_kind, meeting_id, reply_id, meeting_number, line_no, held_on,
              published_at, speaker_role, item_label, item_kind, outcome, legal_bases, doc_title, text, norm, bigrams,
              context_before, context_after)
       SELECT $1, doc_kind, meeting_id, reply_id, meeting_number, line_no, held_on, published_at, speaker_role,
              item_label, item_kind, outcome, legal_bases, doc_title, text, norm, bigrams, context_before, context_after
         FROM jsonb_to_recordset($2::jsonb) AS r(doc_kind text, meeting_id uuid, reply_id uuid, meeting_number int,
              line_no int, held_on date, published_at timestamptz, speaker_role text, item_label text, item_kind text,
              outcome text, legal_bases text[], doc_title text, text text, norm text, bigrams text[],
              context_before text, context_after text)`,
      [council.id, JSON.stringify(rows.slice(i, i + 2000))],
    );
  }
}

/** (Re)writes the index rows of one meeting's minutes: its public version if published, else none. */
export async function indexMinutes(m: EntityManager, meetingId: string): Promise<void> {
  await m.query(`DELETE FROM public_search_line WHERE meeting_id = $1`, [meetingId]);
  const [row]: {
    lines: MinutesLine[];
    public_lines: PublicLine[];
    published_at: Date;
    number: number;
    held_on: string;
  }[] = await m.query(
    `SELECT mi.lines, mi.public_lines, mi.published_at, mt.number,
            to_char(mt.starts_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AS held_on
       FROM minutes mi JOIN meeting mt ON mt.id = mi.meeting_id
      WHERE mi.meeting_id = $1 AND mi.state = 'published' AND mi.public_lines IS NOT NULL`,
    [meetingId],
  );
  if (!row) return;
  const sources = publicLineSources(row.lines);
  // Lines published by an older rule than today's may not line up: then no line is attributed.
  const items =
    sources.length === row.public_lines.length ? attribute(sources, await itemFacts(m, meetingId)) : [];
  await insertRows(
    m,
    rowsOf(
      row.public_lines.map((l) => l.text),
      {
        doc_kind: 'minutes',
        meeting_id: meetingId,
        reply_id: null,
        meeting_number: row.number,
        held_on: row.held_on,
        published_at: new Date(row.published_at).toISOString(),
        doc_title: `第${row.number}回 会議録`,
      },
      (i) => ({ speakerRole: row.public_lines[i].speakerRole, item: items[i] ?? null }),
    ),
  );
}

/** (Re)writes the index rows of one 答申: its sections once issued for an open item, else none. */
export async function indexReply(m: EntityManager, replyId: string): Promise<void> {
  await m.query(`DELETE FROM public_search_line WHERE reply_id = $1`, [replyId]);
  const [r]: {
    number: number | null;
    reply_date: string;
    issued_at: Date;
    title: string;
    body: string;
    outcome: string;
    standard_conditions: string[];
    supplementary_opinions: string[];
    meeting_number: number;
    meeting_id: string;
    agenda_item_id: string;
  }[] = await m.query(
    `SELECT r.number, r.reply_date::text AS reply_date, r.issued_at, r.title, r.body, r.outcome,
            r.standard_conditions, r.supplementary_opinions, mt.number AS meeting_number, mt.id AS meeting_id,
            r.agenda_item_id
       FROM reply r JOIN agenda_item ai ON ai.id = r.agenda_item_id JOIN meeting mt ON mt.id = ai.meeting_id
      WHERE r.id = $1 AND r.state = 'issued' AND NOT ai.closed_session`,
    [replyId],
  );
  if (!r) return;
  const item = (await itemFacts(m, r.meeting_id)).get(r.agenda_item_id) ?? null;
  const texts = [
    r.title,
    r.body,
    ...r.standard_conditions.map((c, i) => `（条件${i + 1}）${c}`),
    ...r.supplementary_opinions.map((o, i) => `（付帯意見${i + 1}）${o}`),
  ];
  await insertRows(
    m,
    rowsOf(
      texts,
      {
        doc_kind: 'reply',
        meeting_id: null,
        reply_id: replyId,
        meeting_number: r.meeting_number,
        held_on: r.reply_date,
        published_at: new Date(r.issued_at).toISOString(),
        doc_title: `${r.number ? `答申第${r.number}号` : '答申'} ${r.title}`,
      },
      () => ({ speakerRole: null, item: item && { ...item, outcome: r.outcome } }),
    ),
  );
}

/** Rebuilds the whole index from what is published (the sample data, an import, an older database). */
export async function reindexPublic(m: EntityManager): Promise<void> {
  await m.query(`DELETE FROM public_search_line`);
  const minutes: { meeting_id: string }[] = await m.query(
    `SELECT meeting_id FROM minutes WHERE state = 'published' AND public_lines IS NOT NULL`,
  );
  for (const x of minutes) await indexMinutes(m, x.meeting_id);
  const replies: { id: string }[] = await m.query(`SELECT id FROM reply WHERE state = 'issued'`);
  for (const x of replies) await indexReply(m, x.id);
}
