import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { resolveModule } from '../package-paths';

const run = promisify(execFile);

function sparticuzVersion(entry: string): string {
  // entry: <pkg>/build/cjs/index.cjs
  const pkg = join(dirname(entry), '..', '..', 'package.json');
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version;
  if (!version) throw new Error(`${pkg} has no version`);
  return version;
}

/**
 * Path of the Chromium binary: `chromePath` when configured, otherwise @sparticuz/chromium unpacked
 * once into `<dataDir>/chromium/<version>/` (the package never checks the version of an unpacked copy,
 * so the folder is keyed by version). The unpacking runs in a child process with TMPDIR pointed at
 * the folder, because the package writes wherever os.tmpdir() points.
 */
export async function resolveChromiumBinary(dataDir: string, chromePath: string | null): Promise<string> {
  if (chromePath) return chromePath;
  const entry = resolveModule('@sparticuz/chromium');
  const version = sparticuzVersion(entry);
  const root = join(dataDir, 'chromium');
  const dir = join(root, version);
  const binary = join(dir, 'chromium');
  if (existsSync(binary)) return binary;

  const staging = join(root, `${version}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const script = `require(${JSON.stringify(entry)}).executablePath().then((p) => process.stdout.write(p), (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
  try {
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: { TMPDIR: staging, HOME: staging },
      maxBuffer: 1024 * 1024,
      timeout: 180_000,
    });
    if (stdout.trim() !== join(staging, 'chromium'))
      throw new Error(`unexpected unpack location: ${stdout.trim()}`);
    renameSync(staging, dir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(binary)) return binary; // another process finished first
    throw new Error(
      `@sparticuz/chromium ${version} could not be unpacked into ${dir}: ${(e as Error).message}`,
    );
  }
  return binary;
}
