import { badCharacter, containsNul, findBadCharacter, nestingDepth } from './security-input';

describe('nesting depth', () => {
  it('measures arrays and objects without recursion and stops early past the limit', () => {
    expect(nestingDepth('x', 32)).toBe(0);
    expect(nestingDepth({ a: 1 }, 32)).toBe(1);
    expect(nestingDepth({ a: [{ b: 1 }] }, 32)).toBe(3);
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(nestingDepth(deep, 32)).toBe(33);
  });
});

describe('NUL detection', () => {
  it('finds U+0000 in nested strings and keys only', () => {
    expect(containsNul({ a: ['x', { b: 'y\u0000z' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: ['x', { b: 'yz', n: 0, t: true, z: null }] })).toBe(false);
    expect(containsNul(undefined)).toBe(false);
  });
});

describe('ill-formed text', () => {
  it('finds NUL and lone surrogates in strings and keys, with the field path', () => {
    expect(findBadCharacter({ title: 'a\ud800' })).toEqual({ field: 'title', kind: 'lone_surrogate' });
    expect(findBadCharacter({ sections: [{ vendor: { name: '\udc00x' } }] })).toEqual({
      field: 'sections[0].vendor.name',
      kind: 'lone_surrogate',
    });
    expect(findBadCharacter({ a: ['x', 'y\u0000'] })).toEqual({ field: 'a[1]', kind: 'nul' });
    expect(findBadCharacter({ ['k\ud800']: 1 })).toEqual({ field: 'k\ufffd', kind: 'lone_surrogate' });
    expect(findBadCharacter({ ok: '😀 緑化', n: 1, z: null, t: [true] })).toBeNull();
    expect(findBadCharacter('\ud83d', 'q')).toEqual({ field: 'q', kind: 'lone_surrogate' });
  });

  it('refuses with a stable code and a Japanese message naming the field', () => {
    const e = badCharacter('lone_surrogate', 'title');
    expect(e).toMatchObject({ code: 'INVALID_CHARACTER', status: 400 });
    expect(e.detail).toContain('「title」');
    expect(e.extensions.errors).toEqual([
      { field: 'title', messages: [expect.stringContaining('サロゲート')] },
    ]);
  });
});
