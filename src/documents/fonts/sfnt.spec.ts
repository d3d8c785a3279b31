import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decompress } from 'wawoff2';
import { parseSubsetRanges } from './font-provisioner';
import { readFontNames, renameFont } from './sfnt';

const PKG = resolve('node_modules/@fontsource/noto-serif-jp');

function checksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 4 <= buf.length; i += 4) sum = (sum + buf.readUInt32BE(i)) >>> 0;
  return sum;
}

describe('renameFont', () => {
  it('gives a font a new family and PostScript name with valid checksums', async () => {
    const ttf = Buffer.from(
      await decompress(readFileSync(join(PKG, 'files/noto-serif-jp-119-400-normal.woff2'))),
    );
    expect(readFontNames(ttf).family).toBe('Noto Serif JP ExtraLight');
    const renamed = renameFont(ttf, {
      family: 'Doc Serif JP 119',
      subfamily: 'Regular',
      postScriptName: 'DocSerifJP119-Regular',
    });
    expect(readFontNames(renamed)).toEqual({
      family: 'Doc Serif JP 119',
      postScriptName: 'DocSerifJP119-Regular',
    });
    expect(checksum(renamed)).toBe(0xb1b0afba); // whole-file checksum after checkSumAdjustment
    expect(renamed.includes(ttf.subarray(ttf.indexOf('glyf'), ttf.indexOf('glyf') + 4))).toBe(true);
  });

  it('rejects what is not a font and invalid PostScript names', () => {
    expect(() =>
      renameFont(Buffer.from('not a font at all'), {
        family: 'a',
        subfamily: 'Regular',
        postScriptName: 'a',
      }),
    ).toThrow(/sfnt/);
    expect(() =>
      renameFont(Buffer.alloc(20), { family: 'a', subfamily: 'Regular', postScriptName: 'has space' }),
    ).toThrow(/PostScript/);
  });
});

describe('parseSubsetRanges', () => {
  it('reads the unicode ranges of each fontsource subset', () => {
    const ranges = parseSubsetRanges(readFileSync(join(PKG, '400.css'), 'utf8'), 'noto-serif-jp');
    expect(ranges.size).toBeGreaterThan(100);
    const holds = (subset: string, cp: number) =>
      ranges.get(subset)?.some(([lo, hi]) => cp >= lo && cp <= hi);
    expect(holds('66', 0x9ad9)).toBe(true); // 髙
    expect(holds('1', 0x20bb7)).toBe(true); // 𠮷
    expect(holds('latin', 0x41)).toBe(true);
  });
});
