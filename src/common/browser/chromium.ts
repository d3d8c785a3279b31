import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import chromium from '@sparticuz/chromium';
import { createRequire } from 'node:module';

/** Flags that behave on a closed network (see ../shared/SETUP-NOTES.md). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

function chromiumVersion(): string {
  // The package's export map hides package.json: find it from the resolved entry point.
  let dir = dirname(createRequire(join(process.cwd(), 'package.json')).resolve('@sparticuz/chromium'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const unpacked = new Map<string, Promise<string>>();

/**
 * Path of the Chromium that ships inside the `@sparticuz/chromium` npm package, unpacked once
 * into `<cacheDir>/chromium-<version>/` (the package does not check the version of an
 * already-unpacked copy, so the folder is keyed by version). `override` (CHROME_PATH) wins.
 */
export function chromiumExecutable(cacheDir: string, override?: string | null): Promise<string> {
  if (override) return Promise.resolve(override);
  const dir = join(cacheDir, `chromium-${chromiumVersion()}`);
  let pending = unpacked.get(dir);
  if (!pending) {
    pending = (async () => {
      if (existsSync(join(dir, 'chromium'))) return join(dir, 'chromium');
      mkdirSync(dir, { recursive: true });
      // The package unpacks into os.tmpdir(), which follows TMPDIR.
      /* eslint-disable no-restricted-properties */
      const previous = process.env.TMPDIR;
      process.env.TMPDIR = dir;
      try {
        return await chromium.executablePath();
      } finally {
        if (previous === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = previous;
      }
      /* eslint-enable no-restricted-properties */
    })();
    unpacked.set(dir, pending);
  }
  return pending;
}
