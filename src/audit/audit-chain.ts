import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  status: number | null;
  detail: Record<string, unknown> | null;
}

/** A UTF-16 unit of a surrogate pair that has no partner. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What a lone surrogate becomes on the way to PostgreSQL (the driver encodes UTF-8 so). */
export const REPLACEMENT_CHARACTER = '\uFFFD';
/** What a NUL becomes in the audit trail (PostgreSQL text and jsonb cannot hold U+0000). */
export const NUL_MARKER = '\u2400';

/** True when the string contains a lone surrogate (ill-formed UTF-16, not representable in UTF-8). */
export function hasLoneSurrogate(s: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  const found = LONE_SURROGATE.test(s);
  LONE_SURROGATE.lastIndex = 0;
  return found;
}

/**
 * The text exactly as PostgreSQL will store and return it: lone surrogates become U+FFFD (as
 * `String.prototype.toWellFormed` and the UTF-8 encoder do), NUL becomes a visible marker.
 */
export function storableText(s: string): string {
  return s.replace(LONE_SURROGATE, REPLACEMENT_CHARACTER).replace(/\u0000/g, NUL_MARKER);
}

/** The first `max` code points of `s` (never half of a surrogate pair). */
export function truncateCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  let units = 0;
  let points = 0;
  while (units < s.length && points < max) {
    const code = s.charCodeAt(units);
    const pair =
      code >= 0xd800 &&
      code <= 0xdbff &&
      units + 1 < s.length &&
      (s.charCodeAt(units + 1) & 0xfc00) === 0xdc00;
    units += pair ? 2 : 1;
    points++;
  }
  return s.slice(0, units);
}

/**
 * A JSON value as it comes back from a jsonb column: the JSON round trip (dates to strings,
 * undefined dropped) and every string and key in storable form.
 */
export function storableJson<T>(value: T): T {
  if (value === null || value === undefined) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return storableText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, c]) => [storableText(k), walk(c)]));
    return v;
  };
  return walk(JSON.parse(JSON.stringify(value))) as T;
}

/** JSON with object keys sorted, so the hash does not depend on jsonb's key order. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(storableText(value));
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]): [string, unknown] => [storableText(k), v])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the row's fields. */
export function chainHash(prevHash: string, row: ChainedFields): string {
  const payload = canonicalJson({
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    status: row.status,
    detail: row.detail,
  });
  return createHash('sha256').update(prevHash).update('\n').update(payload).digest('hex');
}

export interface ChainRow extends ChainedFields {
  id: string;
  prevHash: string;
  hash: string;
}

export type ChainBreakKind = 'link_mismatch' | 'hash_mismatch';

export interface ChainBreak {
  id: string;
  kind: ChainBreakKind;
  reason: string;
}

/** A chain head recorded outside the table (backup manifest, log line): last id and its hash. */
export interface ChainAnchor {
  id: string;
  hash: string;
}

export interface AnchorVerdict extends ChainAnchor {
  ok: boolean;
  reason?: string;
}

export interface ChainVerdict {
  ok: boolean;
  rows: number;
  /** Every broken row (up to MAX_LISTED_BREAKS), in id order. */
  broken: ChainBreak[];
  brokenCount: number;
  /** The first broken row (kept for older clients). */
  brokenId?: string;
  reason?: string;
  anchor?: AnchorVerdict;
}

/** Breaks listed in a verdict; beyond this only the count grows. */
export const MAX_LISTED_BREAKS = 1000;

const REASONS: Record<ChainBreakKind, string> = {
  link_mismatch: '直前の行のハッシュと一致しません（行の削除または挿入）',
  hash_mismatch: '行の内容がハッシュと一致しません（改ざん）',
};

/**
 * Walks rows in id order (fed in batches) and records every row whose link or content does not
 * match. After a break it goes on from the row's stored hash, so one edited row is reported once
 * and the rows after it are still checked.
 */
export class ChainVerifier {
  private prev: string;
  private rows = 0;
  private readonly broken: ChainBreak[] = [];
  private brokenCount = 0;
  private anchorSeen: AnchorVerdict | undefined;

  constructor(
    private readonly anchor?: ChainAnchor,
    startPrevHash = GENESIS_HASH,
  ) {
    this.prev = startPrevHash;
  }

  push(row: ChainRow): void {
    this.rows++;
    if (row.prevHash !== this.prev) this.addBreak(row.id, 'link_mismatch');
    if (chainHash(row.prevHash, row) !== row.hash) this.addBreak(row.id, 'hash_mismatch');
    if (this.anchor && row.id === this.anchor.id)
      this.anchorSeen =
        row.hash === this.anchor.hash
          ? { ...this.anchor, ok: true }
          : {
              ...this.anchor,
              ok: false,
              reason: '記録された先頭行のハッシュが現在の行と一致しません（改ざん）',
            };
    this.prev = row.hash;
  }

  private addBreak(id: string, kind: ChainBreakKind): void {
    this.brokenCount++;
    if (this.broken.length < MAX_LISTED_BREAKS) this.broken.push({ id, kind, reason: REASONS[kind] });
  }

  verdict(): ChainVerdict {
    const anchor: AnchorVerdict | undefined = this.anchor
      ? (this.anchorSeen ?? {
          ...this.anchor,
          ok: false,
          reason: '記録された先頭行が見つかりません（末尾の行の削除または全削除）',
        })
      : undefined;
    const first = this.broken[0];
    return {
      ok: this.brokenCount === 0 && (anchor?.ok ?? true),
      rows: this.rows,
      broken: [...this.broken],
      brokenCount: this.brokenCount,
      ...(first ? { brokenId: first.id, reason: first.reason } : {}),
      ...(anchor ? { anchor } : {}),
    };
  }
}

/**
 * Several chains in one log (one per council, one for entries without a council), as the owner
 * sees it: each row is checked against the previous row of its own chain. The anchor is looked for
 * in every chain; the verdict is the union of the chains'.
 */
export class MultiChainVerifier {
  private readonly chains = new Map<number | null, ChainVerifier>();

  constructor(private readonly anchor?: ChainAnchor) {}

  push(chain: number | null, row: ChainRow): void {
    let verifier = this.chains.get(chain);
    if (!verifier) this.chains.set(chain, (verifier = new ChainVerifier(this.anchor)));
    verifier.push(row);
  }

  verdict(): ChainVerdict {
    const verdicts = [...this.chains.values()].map((v) => v.verdict());
    if (verdicts.length === 0) return new ChainVerifier(this.anchor).verdict();
    if (verdicts.length === 1) return verdicts[0];
    const broken = verdicts
      .flatMap((v) => v.broken)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .slice(0, MAX_LISTED_BREAKS);
    const brokenCount = verdicts.reduce((n, v) => n + v.brokenCount, 0);
    // The anchor is in one chain: its verdict there (the others cannot have seen it).
    const anchor = this.anchor
      ? (verdicts.find((v) => v.anchor?.ok || v.anchor?.reason?.includes('一致しません'))?.anchor ??
        verdicts[0].anchor)
      : undefined;
    const first = broken[0];
    return {
      ok: brokenCount === 0 && (anchor?.ok ?? true),
      rows: verdicts.reduce((n, v) => n + v.rows, 0),
      broken,
      brokenCount,
      ...(first ? { brokenId: first.id, reason: first.reason } : {}),
      ...(anchor ? { anchor } : {}),
    };
  }
}

/** Walks rows in id order; reports every row whose link or content does not match. */
export function verifyChain(rows: Iterable<ChainRow>, anchor?: ChainAnchor): ChainVerdict {
  const verifier = new ChainVerifier(anchor);
  for (const row of rows) verifier.push(row);
  return verifier.verdict();
}

/** Parses `<id>:<hash>` (as printed in the anchor log line and the backup manifest). */
export function parseAnchor(text: string): ChainAnchor | null {
  const m = /^(\d{1,19}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { id: String(BigInt(m[1])), hash: m[2] } : null;
}
