import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decompress } from 'wawoff2';
import { packageDir } from '../package-paths';
import { renameFont } from './sfnt';

/*
 * Why every subset file gets its own family name:
 * @fontsource ships Noto JP as ~120 unicode-range subsets (the single `japanese` subset lacks 髙 﨑 ㈱ 𠮷).
 * All of them carry the same internal family ("Noto Serif JP ExtraLight"), so Chromium picks ONE file
 * for the family and sends every character missing from it to system fallback, which ignores the
 * family: serif text came out mostly in the sans font and bold text as Type 3 fake bold.
 * With one family per subset, listed in a CSS font stack, Chromium finds each glyph in the right
 * family and weight, and the PDF embeds real CID TrueType subsets.
 */

export type FontKind = 'serif' | 'sans';
export type FontWeight = 400 | 700;

export interface FontFace {
  readonly kind: FontKind;
  readonly weight: FontWeight;
  /** "latin" or the fontsource subset number. */
  readonly subset: string;
  readonly family: string;
  readonly file: string;
}

export interface ProvisionedFonts {
  readonly dir: string;
  readonly fontconfigFile: string;
  readonly faces: readonly FontFace[];
  /** CSS `font-family` value that reaches every glyph of the family (most frequent subsets first). */
  readonly stacks: Readonly<Record<FontKind, string>>;
  /**
   * A short CSS font stack with only the subsets holding the characters of `text` (for Chromium's
   * header/footer templates, which are laid out again for every page).
   */
  stackFor(kind: FontKind, text: string): string;
  /** One character from every subset of the family: printing it makes Chromium load every font file. */
  readonly samples: Readonly<Record<FontKind, string>>;
  /** The TTF file holding a code point, for drawing text with pdf-lib; null when no subset has it. */
  fileFor(kind: FontKind, weight: FontWeight, codePoint: number): string | null;
}

interface SourcePackage {
  readonly kind: FontKind;
  readonly npmName: string;
  readonly filePrefix: string;
  readonly familyPrefix: string;
  readonly psPrefix: string;
}

const PACKAGES: readonly SourcePackage[] = [
  {
    kind: 'serif',
    npmName: '@fontsource/noto-serif-jp',
    filePrefix: 'noto-serif-jp',
    familyPrefix: 'Doc Serif JP',
    psPrefix: 'DocSerifJP',
  },
  {
    kind: 'sans',
    npmName: '@fontsource/noto-sans-jp',
    filePrefix: 'noto-sans-jp',
    familyPrefix: 'Doc Sans JP',
    psPrefix: 'DocSansJP',
  },
];
const WEIGHTS: readonly FontWeight[] = [400, 700];
/** Bump when the produced files or fonts.conf change, so existing caches are rebuilt. */
const FORMAT_REVISION = 2;

type Ranges = Array<readonly [number, number]>;

/** Subset name → unicode ranges, from the package's `400.css` (the same for every weight). */
export function parseSubsetRanges(css: string, filePrefix: string): Map<string, Ranges> {
  const result = new Map<string, Ranges>();
  const prefix = filePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const block = new RegExp(
    `/\\*\\s*${prefix}-\\[?([\\w-]+?)\\]?-\\d+-normal\\s*\\*/[^}]*?unicode-range:\\s*([^;]+);`,
    'g',
  );
  for (const m of css.matchAll(block)) {
    const ranges: Ranges = m[2].split(',').map((r) => {
      const [lo, hi] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(lo, 16), parseInt(hi ?? lo, 16)] as const;
    });
    result.set(m[1], ranges);
  }
  return result;
}

/** Subsets we install: latin for punctuation and digits, then the numbered ones, most frequent first. */
function orderedSubsets(ranges: Map<string, Ranges>): string[] {
  const numbered = [...ranges.keys()].filter((s) => /^\d+$/.test(s)).sort((a, b) => Number(b) - Number(a));
  return ranges.has('latin') ? ['latin', ...numbered] : numbered;
}

function familyName(pkg: SourcePackage, subset: string): string {
  return `${pkg.familyPrefix} ${subset}`;
}

function cssStack(pkg: SourcePackage, subsets: string[], generic: string): string {
  return [...subsets.map((s) => `"${familyName(pkg, s)}"`), generic].join(', ');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fontconfigXml(ttfDir: string, cacheDir: string, families: Record<FontKind, string[]>): string {
  const prefer = (list: string[]) => list.map((f) => `<family>${xml(f)}</family>`).join('');
  const alias = (name: string, kind: FontKind) =>
    `  <alias binding="same"><family>${xml(name)}</family><prefer>${prefer(families[kind])}</prefer></alias>`;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<!-- Written at boot by the document renderer: only our own fonts, nothing from the system. -->',
    '<fontconfig>',
    `  <dir>${xml(ttfDir)}</dir>`,
    `  <cachedir>${xml(cacheDir)}</cachedir>`,
    alias('serif', 'serif'),
    alias('Noto Serif JP', 'serif'),
    alias('Noto Serif JP ExtraLight', 'serif'),
    alias('sans-serif', 'sans'),
    alias('Noto Sans JP', 'sans'),
    alias('Noto Sans JP Thin', 'sans'),
    alias('monospace', 'sans'),
    alias('system-ui', 'sans'),
    '</fontconfig>',
    '',
  ].join('\n');
}

function packageVersion(dir: string): string {
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string })
    .version;
  if (!version) throw new Error(`${dir}/package.json has no version`);
  return version;
}

/**
 * Converts the Noto JP WOFF2 subsets to renamed TTFs under `<dataDir>/fonts/<version-key>/` and writes
 * a fontconfig file for Chromium (`FONTCONFIG_FILE`). Skips the work when that folder already exists.
 */
export async function provisionFonts(dataDir: string): Promise<ProvisionedFonts> {
  const sources = PACKAGES.map((pkg) => {
    const dir = packageDir(pkg.npmName);
    const ranges = parseSubsetRanges(readFileSync(join(dir, '400.css'), 'utf8'), pkg.filePrefix);
    if (ranges.size === 0) throw new Error(`${pkg.npmName}: no unicode-range subsets found in 400.css`);
    return { pkg, dir, ranges, subsets: orderedSubsets(ranges), version: packageVersion(dir) };
  });

  const key = `noto-jp-${sources.map((s) => `${s.pkg.kind}${s.version}`).join('-')}-r${FORMAT_REVISION}`;
  const root = join(dataDir, 'fonts');
  const dir = join(root, key);
  const ttfDir = join(dir, 'ttf');

  const faces: FontFace[] = sources.flatMap(({ pkg, subsets }) =>
    WEIGHTS.flatMap((weight) =>
      subsets.map((subset) => ({
        kind: pkg.kind,
        weight,
        subset,
        family: familyName(pkg, subset),
        file: join(ttfDir, `${pkg.filePrefix}-${subset}-${weight}.ttf`),
      })),
    ),
  );

  if (!existsSync(dir)) {
    mkdirSync(root, { recursive: true });
    const staging = join(root, `${key}.tmp-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    const stagingTtf = join(staging, 'ttf');
    mkdirSync(stagingTtf, { recursive: true });
    for (const { pkg, dir: source } of sources) {
      for (const face of faces.filter((f) => f.kind === pkg.kind)) {
        const woff2 = readFileSync(
          join(source, 'files', `${pkg.filePrefix}-${face.subset}-${face.weight}-normal.woff2`),
        );
        const ttf = Buffer.from(await decompress(woff2));
        const subfamily = face.weight === 700 ? 'Bold' : 'Regular';
        const renamed = renameFont(ttf, {
          family: face.family,
          subfamily,
          postScriptName: `${pkg.psPrefix}${face.subset}-${subfamily}`,
        });
        writeFileSync(join(stagingTtf, face.file.slice(ttfDir.length + 1)), renamed);
      }
    }
    const families = Object.fromEntries(
      sources.map((s) => [s.pkg.kind, s.subsets.map((sub) => familyName(s.pkg, sub))]),
    ) as Record<FontKind, string[]>;
    writeFileSync(join(staging, 'fonts.conf'), fontconfigXml(ttfDir, join(dir, 'fc-cache'), families));
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another process finished first: use its folder.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(dir)) throw e;
    }
    removeStaleVersions(root, key);
  }

  const missing = faces.filter((f) => !existsSync(f.file));
  if (missing.length > 0) {
    throw new Error(
      `font folder ${dir} is incomplete (${missing.length} files missing); delete it to rebuild`,
    );
  }

  const rangesByKind = new Map(sources.map((s) => [s.pkg.kind, s]));
  const byKey = new Map(faces.map((f) => [`${f.kind}/${f.weight}/${f.subset}`, f.file]));
  return {
    dir,
    fontconfigFile: join(dir, 'fonts.conf'),
    faces,
    stacks: {
      serif: cssStack(PACKAGES[0], sources[0].subsets, 'serif'),
      sans: cssStack(PACKAGES[1], sources[1].subsets, 'sans-serif'),
    },
    samples: {
      serif: sampleText(sources[0].ranges, sources[0].subsets),
      sans: sampleText(sources[1].ranges, sources[1].subsets),
    },
    fileFor(kind, weight, codePoint) {
      const source = rangesByKind.get(kind);
      const subset = source && subsetOf(source.ranges, source.subsets, codePoint);
      return subset ? (byKey.get(`${kind}/${weight}/${subset}`) ?? null) : null;
    },
    stackFor(kind, text) {
      const source = rangesByKind.get(kind);
      if (!source) return kind === 'serif' ? 'serif' : 'sans-serif';
      const needed = new Set<string>();
      for (const ch of text) {
        const subset = subsetOf(source.ranges, source.subsets, ch.codePointAt(0) ?? 0);
        if (subset) needed.add(subset);
      }
      const generic = kind === 'serif' ? 'serif' : 'sans-serif';
      return cssStack(
        source.pkg,
        source.subsets.filter((s) => needed.has(s)),
        generic,
      );
    },
  };
}

function subsetOf(ranges: Map<string, Ranges>, subsets: string[], codePoint: number): string | null {
  for (const subset of subsets) {
    if (ranges.get(subset)?.some(([lo, hi]) => codePoint >= lo && codePoint <= hi)) return subset;
  }
  return null;
}

function sampleText(ranges: Map<string, Ranges>, subsets: string[]): string {
  return subsets
    .map((subset) => {
      const first = ranges.get(subset)?.find(([, hi]) => hi > 0x20);
      return first ? String.fromCodePoint(Math.max(first[0], 0x21)) : '';
    })
    .join('');
}

/** Folders of older font versions are dead weight (~27 MB each). */
function removeStaleVersions(root: string, current: string): void {
  for (const name of readdirSync(root)) {
    if (name !== current && name.startsWith('noto-jp-') && !name.includes('.tmp-')) {
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}
