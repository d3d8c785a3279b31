import { chainHash, GENESIS_HASH, verifyChain, type ChainRow } from './audit-chain';

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
    expect(verifyChain(chain(5))).toEqual({ ok: true, rows: 5 });
  });

  it('names the first edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], actorName: 'mallory' };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenId: '3' });
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
});
