import { containsNul, nestingDepth } from './security-input';

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
