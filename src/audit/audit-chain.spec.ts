import {
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  parseAnchor,
  storableJson,
  storableText,
  truncateCodePoints,
  verifyChain,
  type ChainRow,
} from './audit-chain';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      occurredAt: new Date(Date.UTC(2026, 10, 21, 9, 0, i)),
      actorId: null,
      actorName: `user${i}`,
      actorRole: 'clerk',
      action: 'view',
      targetType: 'case',
      targetId: String(i),
      ip: '127.0.0.1',
      status: 200,
      detail: { b: 1, a: '緑化' },
    };
    const hash = chainHash(prev, fields);
    rows.push({ id: String(i), ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, rows: 5, broken: [], brokenCount: 0 });
  });

  it('names the first edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], actorName: 'mallory' };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenId: '3' });
  });

  it('lists every edited row, each once, and checks the rows after them', () => {
    const rows = chain(6);
    rows[1] = { ...rows[1], actorName: 'mallory' };
    rows[4] = { ...rows[4], detail: { a: 'x' } };
    const verdict = verifyChain(rows);
    expect(verdict).toMatchObject({ ok: false, brokenCount: 2, brokenId: '2' });
    expect(verdict.broken.map((b) => [b.id, b.kind])).toEqual([
      ['2', 'hash_mismatch'],
      ['5', 'hash_mismatch'],
    ]);
  });

  it('checks a recorded head: present and unchanged, or missing after the newest rows were cut', () => {
    const rows = chain(5);
    const head = { id: '5', hash: rows[4].hash };
    expect(verifyChain(rows, head)).toMatchObject({ ok: true, anchor: { id: '5', ok: true } });
    expect(verifyChain(rows.slice(0, 3), head)).toMatchObject({
      ok: false,
      brokenCount: 0,
      anchor: { id: '5', ok: false },
    });
    expect(verifyChain(rows, { id: '5', hash: rows[3].hash }).anchor?.ok).toBe(false);
    expect(parseAnchor(`5:${rows[4].hash}`)).toEqual(head);
    expect(parseAnchor('5:abc')).toBeNull();
  });

  it('names the row after a deleted one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenId: '3' });
  });

  it('does not depend on the key order of detail', () => {
    const base = chain(1)[0];
    expect(chainHash(GENESIS_HASH, { ...base, detail: { a: '緑化', b: 1 } })).toBe(base.hash);
  });

  it('hashes the text PostgreSQL stores: lone surrogates as U+FFFD, NUL as a marker', () => {
    const base = chain(1)[0];
    const typed = { ...base, actorName: 'a\ud800b', detail: { ['k\udc00']: 'x\u0000y', list: ['\ud83d'] } };
    const stored = { ...base, actorName: 'a\ufffdb', detail: { 'k\ufffd': 'x\u2400y', list: ['\ufffd'] } };
    expect(chainHash(GENESIS_HASH, typed)).toBe(chainHash(GENESIS_HASH, stored));
    expect(canonicalJson({ b: '😀', a: '\udc00' })).toBe('{"a":"\ufffd","b":"😀"}');
    expect(storableText('ok 😀 緑')).toBe('ok 😀 緑');
    expect(storableJson({ d: new Date(0), u: undefined, s: '\ud800' })).toEqual({
      d: '1970-01-01T00:00:00.000Z',
      s: '\ufffd',
    });
  });
});

describe('cutting text by code point', () => {
  it('never splits a surrogate pair', () => {
    expect(truncateCodePoints('😀😀😀', 2)).toBe('😀😀');
    expect(truncateCodePoints('a😀b', 2)).toBe('a😀');
    expect(truncateCodePoints('あいう', 5)).toBe('あいう');
    expect(truncateCodePoints('x'.repeat(99) + '😀', 100)).toBe('x'.repeat(99) + '😀');
    expect(truncateCodePoints('\ud800\ud800x', 2)).toBe('\ud800\ud800');
  });
});
