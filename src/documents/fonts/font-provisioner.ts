import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { decompress } from 'wawoff2';
import { packageDir } from '../package-paths';
import { renameFont } from './sfnt';
import { unshareGlyphs } from './unshare-glyphs';

/*
 * Two sources of the same Noto JP designs:
 * - Chromium prints with the complete static TTFs of @expo-google-fonts (Google Fonts' builds, one file
 *   per family and weight, every glyph incl. 髙 﨑 ㈱ 𠮷). One file per weight keeps a 7-page document at
 *   ~5 embedded font subsets instead of ~150, which made printing ~2× faster and the PDF ~3× smaller.
 * - pdf-lib (packet stamps, notices drawn onto merged pages) embeds the small @fontsource unicode-range
 *   subsets, converted from WOFF2 once: parsing a 5 MB font for a few characters would cost more.
 *   @fontsource ships ~120 subsets that all carry the same internal family name, so each file gets its
 *   own family name (pdf-lib picks the file by code point through `fileFor`).
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
  /** CSS `font-family` value of the complete font Chromium prints with. */
  readonly stacks: Readonly<Record<FontKind, string>>;
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
const FORMAT_REVISION = 4;

/** The complete fonts Chromium prints with: family name as in the files, one TTF per weight. */
interface CompletePackage {
  readonly kind: FontKind;
  readonly npmName: string;
  readonly family: string;
  readonly files: Readonly<Record<FontWeight, string>>;
}

const COMPLETE_PACKAGES: readonly CompletePackage[] = [
  {
    kind: 'serif',
    npmName: '@expo-google-fonts/noto-serif-jp',
    family: 'Noto Serif JP',
    files: { 400: '400Regular/NotoSerifJP_400Regular.ttf', 700: '700Bold/NotoSerifJP_700Bold.ttf' },
  },
  {
    kind: 'sans',
    npmName: '@expo-google-fonts/noto-sans-jp',
    family: 'Noto Sans JP',
    files: { 400: '400Regular/NotoSansJP_400Regular.ttf', 700: '700Bold/NotoSansJP_700Bold.ttf' },
  },
];

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

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fontconfigXml(fontDir: string, cacheDir: string): string {
  const [serif, sans] = COMPLETE_PACKAGES.map((p) => xml(p.family));
  const alias = (name: string, family: string) =>
    `  <alias binding="same"><family>${name}</family><prefer><family>${family}</family></prefer></alias>`;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<!-- Written at boot by the document renderer: only our own fonts, nothing from the system. -->',
    '<fontconfig>',
    `  <dir>${xml(fontDir)}</dir>`,
    `  <cachedir>${xml(cacheDir)}</cachedir>`,
    alias('serif', serif),
    alias('sans-serif', sans),
    alias('monospace', sans),
    alias('system-ui', sans),
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

  const complete = COMPLETE_PACKAGES.map((pkg) => {
    const source = packageDir(pkg.npmName);
    return { pkg, source, version: packageVersion(source) };
  });
  const key = [
    'noto-jp',
    ...sources.map((s) => `${s.pkg.kind}${s.version}`),
    ...complete.map((c) => `full-${c.pkg.kind}${c.version}`),
    `r${FORMAT_REVISION}`,
  ].join('-');
  const root = join(dataDir, 'fonts');
  const dir = join(root, key);
  const ttfDir = join(dir, 'ttf');
  const completeDir = join(dir, 'complete');

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
    // Copied, not referenced in node_modules: the cache may outlive or be shared across checkouts.
    // Rewritten so that copied or extracted text reads 人, not the radical ⼈ (see unshare-glyphs.ts).
    const stagingComplete = join(staging, 'complete');
    mkdirSync(stagingComplete);
    for (const { pkg, source } of complete) {
      for (const weight of WEIGHTS) {
        writeFileSync(
          join(stagingComplete, basename(pkg.files[weight])),
          unshareGlyphs(readFileSync(join(source, pkg.files[weight]))),
        );
      }
    }
    writeFileSync(join(staging, 'fonts.conf'), fontconfigXml(completeDir, join(dir, 'fc-cache')));
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another process finished first: use its folder.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(dir)) throw e;
    }
  }
  writeFileSync(join(dir, 'last-used'), new Date().toISOString());
  removeStaleVersions(root, key);

  const completeFiles = complete.flatMap(({ pkg }) =>
    WEIGHTS.map((w) => join(completeDir, basename(pkg.files[w]))),
  );
  const missing = [...faces.map((f) => f.file), ...completeFiles].filter((f) => !existsSync(f));
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
      serif: `"${COMPLETE_PACKAGES[0].family}", serif`,
      sans: `"${COMPLETE_PACKAGES[1].family}", sans-serif`,
    },
    fileFor(kind, weight, codePoint) {
      const source = rangesByKind.get(kind);
      const subset = source && subsetOf(source.ranges, source.subsets, codePoint);
      return subset ? (byKey.get(`${kind}/${weight}/${subset}`) ?? null) : null;
    },
  };
}

function subsetOf(ranges: Map<string, Ranges>, subsets: string[], codePoint: number): string | null {
  for (const subset of subsets) {
    if (ranges.get(subset)?.some(([lo, hi]) => codePoint >= lo && codePoint <= hi)) return subset;
  }
  return null;
}

/** An older version's folder is removed once no instance has booted with it for this long. */
const STALE_AFTER_MS = 7 * 24 * 3_600_000;

/**
 * Folders of older font versions are dead weight (~60 MB each), but another instance of an older
 * release may still print with one (a shared CACHE_DIR during a rolling upgrade, two checkouts on
 * one machine): only folders unused for a week go.
 */
function removeStaleVersions(root: string, current: string): void {
  const now = Date.now();
  for (const name of readdirSync(root)) {
    if (name === current || !name.startsWith('noto-jp-') || name.includes('.tmp-')) continue;
    const folder = join(root, name);
    const marker = join(folder, 'last-used');
    const lastUsed = existsSync(marker) ? statSync(marker).mtimeMs : statSync(folder).mtimeMs;
    if (now - lastUsed > STALE_AFTER_MS) rmSync(folder, { recursive: true, force: true });
  }
}
