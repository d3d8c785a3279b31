import type { EntityManager } from 'typeorm';

/** The related words a new council starts with (the secretariat edits them on 関連語の一覧). */
export const DEFAULT_SYNONYMS: readonly string[][] = [
  ['外部結合', 'オンライン結合'],
  ['目的外利用', '目的外提供'],
  ['委託', '外部委託'],
];

export async function insertDefaultSynonyms(m: EntityManager, councilId: number): Promise<void> {
  await replaceSynonyms(
    m,
    councilId,
    DEFAULT_SYNONYMS.map((g) => [...g]),
  );
}

/** The council's groups of related words, in the order the secretariat keeps them. */
export async function loadSynonyms(m: EntityManager, councilId: number): Promise<string[][]> {
  const rows: { words: string[] }[] = await m.query(
    `SELECT words FROM public_synonym WHERE council_id = $1 ORDER BY position, id`,
    [councilId],
  );
  return rows.map((r) => r.words);
}

const cache = new Map<number, { groups: string[][]; at: number }>();
/** As PUBLIC_CACHE_MS: another instance sees the secretariat's change within a minute. */
const SYNONYMS_CACHE_MS = 60_000;

/** `loadSynonyms` from this instance's cache: forgotten on a change here, at most a minute old otherwise. */
export async function cachedSynonyms(m: EntityManager, councilId: number): Promise<string[][]> {
  const hit = cache.get(councilId);
  if (hit && Date.now() - hit.at < SYNONYMS_CACHE_MS) return hit.groups;
  const groups = await loadSynonyms(m, councilId);
  cache.set(councilId, { groups, at: Date.now() });
  return groups;
}

export function forgetSynonyms(councilId: number): void {
  cache.delete(councilId);
}

export async function replaceSynonyms(
  m: EntityManager,
  councilId: number,
  groups: string[][],
): Promise<void> {
  forgetSynonyms(councilId);
  await m.query(`DELETE FROM public_synonym WHERE council_id = $1`, [councilId]);
  if (!groups.length) return;
  await m.query(
    `INSERT INTO public_synonym (council_id, words, position)
     SELECT $1, ARRAY(SELECT jsonb_array_elements_text(g)), ord
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(g, ord)`,
    [councilId, JSON.stringify(groups)],
  );
}

/** 「外部結合、オンライン結合」 one group a line (、 , or spaces between words) ↔ groups. */
export function parseSynonymText(text: string): { groups: string[][]; errors: string[] } {
  const groups: string[][] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const words = [
      ...new Set(
        line
          .split(/[、,，\s　]+/u)
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ];
    if (!words.length) return;
    if (words.length < 2) errors.push(`${i + 1}行目: 関連語は2語以上を「、」で区切って入力してください`);
    else if (words.some((x) => x.length > 50)) errors.push(`${i + 1}行目: 1語は50文字までです`);
    else groups.push(words);
  });
  if (groups.length > 200) errors.push('関連語のまとまりは200行までです');
  return { groups, errors };
}

export function formatSynonymText(groups: string[][]): string {
  return groups.map((g) => g.join('、')).join('\n');
}
