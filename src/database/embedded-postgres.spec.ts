import { defaultSharedBuffers } from './embedded-postgres';

describe('defaultSharedBuffers (the embedded PostgreSQL cache when none is configured)', () => {
  const GiB = 1024 ** 3;
  it.each([
    [24 * GiB, '2048MB'],
    [4 * GiB, '1024MB'],
    [256 * 1024 ** 2, '128MB'],
  ])('with %d bytes of memory is %s', (memory, expected) => {
    expect(defaultSharedBuffers(memory)).toBe(expected);
  });
});
