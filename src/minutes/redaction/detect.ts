import { COMMON_SURNAMES } from './surnames';

export type IdentifierKind = 'personName' | 'address' | 'phone' | 'email';

export interface MaskProposal {
  start: number;
  end: number;
  text: string;
  kind: IdentifierKind;
  /** Why it was proposed, in Japanese, for the reviewer. */
  reason: string;
}

export interface AllowedName {
  /** The name as it may appear (full name, or surname). */
  name: string;
  /** Who it is, e.g. 委員 / 会長 / 事務局 / 説明員 (for the log). */
  role: string;
}

export interface DetectionOptions {
  /** Names of private individuals the record knows (e.g. explainers when the municipality masks them). */
  knownNames?: string[];
  /** Names that stay visible (council members, the chair, …). Allow-list wins over detection. */
  allowList?: AllowedName[];
}

export interface DetectionResult {
  proposals: MaskProposal[];
  /** Detected spans left visible because they are on the allow-list (logged, not masked). */
  allowed: Array<MaskProposal & { allowedAs: string }>;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Fixed lines and mobiles, with hyphens, full-width digits or parentheses: 03-1234-5678, 0465(33)1234, ０９０－１２３４－５６７８
const PHONE =
  /(?<![0-9０-９])[0０][0-9０-９]{1,4}[-－‐ー()（）\s]{1,2}[0-9０-９]{1,4}[-－‐ー()（）\s]{1,2}[0-9０-９]{3,4}(?![0-9０-９])/g;
const PREFECTURES =
  '北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県';
// A street address: (prefecture) city/ward/town + block numbers (丁目, 番地, 番, 号, or 1-2-3).
const ADDRESS = new RegExp(
  `(?:(?:${PREFECTURES}))?[一-龥ァ-ヶ]{1,8}?[市区町村][一-龥ぁ-んァ-ヶ]{1,10}?(?:[0-9０-９一二三四五六七八九十]+丁目)?[0-9０-９]+(?:番地|番(?:[0-9０-９]+号)?|[-－の][0-9０-９]+(?:[-－][0-9０-９]+|号)?)`,
  'g',
);
const HONORIFIC = '(?:さん|様|さま|氏|君|くん|殿)';
const TITLE = `(?:${HONORIFIC.slice(3, -1)}|委員長?|会長|副会長|職務代理者|部長|課長|係長|局長|主査|主任|担当)`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Whitespace-insensitive form of a name: 小室 充孝 = 小室充孝. */
function compact(s: string): string {
  return s.replace(/[\s　]+/g, '');
}

/**
 * Proposes masks for identifiers of private individuals in minutes text: e-mail addresses,
 * phone numbers, street addresses, known names, and names recognised by a common surname
 * followed by a given name or an honorific. A person reviews every proposal; nothing here
 * masks anything by itself.
 */
export function detectIdentifiers(text: string, opts: DetectionOptions = {}): DetectionResult {
  const found: MaskProposal[] = [];
  const push = (start: number, end: number, kind: IdentifierKind, reason: string) => {
    const candidate = { start, end, text: text.slice(start, end), kind, reason };
    if (!found.some((f) => overlaps(f, candidate))) found.push(candidate);
  };
  for (const m of text.matchAll(EMAIL)) push(m.index, m.index + m[0].length, 'email', 'メールアドレス');
  for (const m of text.matchAll(PHONE)) push(m.index, m.index + m[0].length, 'phone', '電話番号');
  for (const m of text.matchAll(ADDRESS)) push(m.index, m.index + m[0].length, 'address', '住所（番地まで）');

  for (const name of opts.knownNames ?? []) {
    const parts = name.split(/[\s　]+/).filter(Boolean);
    if (parts.length === 0) continue;
    const pattern = new RegExp(parts.map(escapeRegExp).join('[\\s　]*'), 'g');
    for (const m of text.matchAll(pattern))
      push(m.index, m.index + m[0].length, 'personName', '記録上の氏名');
  }
  const surnames = COMMON_SURNAMES.map(escapeRegExp).join('|');
  // 佐藤さん / 佐藤 花子さん / 佐藤花子氏
  const honorific = new RegExp(`(?:${surnames})(?:[\\s　]?[一-龥ぁ-ん]{1,3})?(?=${HONORIFIC})`, 'g');
  for (const m of text.matchAll(honorific))
    push(m.index, m.index + m[0].length, 'personName', '敬称付きの氏名');
  // 佐藤 花子 / 本田 耕一委員 (surname, a space, a given name of 1–3 characters, then no more kanji or a title)
  const fullName = new RegExp(`(?:${surnames})[\\s　][一-龥ぁ-ん]{1,3}?(?=${TITLE}|[^一-龥]|$)`, 'g');
  for (const m of text.matchAll(fullName)) push(m.index, m.index + m[0].length, 'personName', '氏名の形');

  const allowList = (opts.allowList ?? []).map((a) => ({ ...a, key: compact(a.name) }));
  const proposals: MaskProposal[] = [];
  const allowed: DetectionResult['allowed'] = [];
  for (const f of found.sort((a, b) => a.start - b.start)) {
    const hit =
      f.kind === 'personName'
        ? allowList.find((a) => compact(f.text).startsWith(a.key) || a.key.startsWith(compact(f.text)))
        : undefined;
    if (hit) allowed.push({ ...f, allowedAs: hit.role });
    else proposals.push(f);
  }
  return { proposals, allowed };
}

export interface AcceptedMask {
  start: number;
  end: number;
  /** Replacement shown in the public version, e.g. ＊＊＊ or 説明員（営業課係長）. */
  replacement: string;
}

/** Applies accepted masks (non-overlapping) to a copy of the text; the original is untouched. */
export function applyMasks(text: string, masks: AcceptedMask[]): string {
  const sorted = [...masks].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const m of sorted) {
    if (m.start < pos || m.end > text.length || m.start > m.end)
      throw new Error(`invalid mask ${m.start}-${m.end}`);
    out += text.slice(pos, m.start) + m.replacement;
    pos = m.end;
  }
  return out + text.slice(pos);
}

export const DEFAULT_REPLACEMENTS: Record<IdentifierKind, string> = {
  personName: '〇〇',
  address: '（住所）',
  phone: '（電話番号）',
  email: '（メールアドレス）',
};
