import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { parseAnchor, type ChainAnchor, type ChainVerdict } from './audit-chain';
import { verifyAuditChain } from './audit.service';

export interface VerifyIo {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes of `audit:verify`. */
export const VERIFY_OK = 0;
export const VERIFY_USAGE = 2;
export const VERIFY_BROKEN = 3;

/** The chain head a backup manifest recorded (`auditHead`), from the manifest or its folder. */
export async function anchorFromManifest(path: string): Promise<ChainAnchor | null | 'none'> {
  const file = (await stat(path)).isDirectory() ? join(path, 'manifest.json') : path;
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
  if (manifest === null || typeof manifest !== 'object' || !('auditHead' in manifest)) return null;
  const head = (manifest as { auditHead: unknown }).auditHead;
  if (head === null) return 'none';
  if (typeof head !== 'object') return null;
  const { id, hash } = head as { id?: unknown; hash?: unknown };
  return typeof id === 'string' && typeof hash === 'string' ? parseAnchor(`${id}:${hash}`) : null;
}

/**
 * `audit:verify [--anchor <id>:<hash>] [--anchor-file <backup manifest or folder>]`: walks the
 * whole chain, lists every broken row, and checks that the recorded head is still in the chain
 * unchanged (which is how deleting the newest rows, or all of them, shows).
 */
export async function runAuditVerify(
  ds: DataSource,
  args: Record<string, string | true>,
  io: VerifyIo,
): Promise<number> {
  let anchor: ChainAnchor | undefined;
  const unknown = Object.keys(args).filter((k) => k !== 'anchor' && k !== 'anchor-file');
  if (unknown.length) {
    io.err(`不明なオプションです: ${unknown.map((k) => `--${k}`).join(', ')}\n`);
    return VERIFY_USAGE;
  }
  if (args.anchor !== undefined) {
    const parsed = typeof args.anchor === 'string' ? parseAnchor(args.anchor) : null;
    if (!parsed) {
      io.err('--anchor は <行 ID>:<ハッシュ（16 進 64 桁）> の形式で指定してください。\n');
      return VERIFY_USAGE;
    }
    anchor = parsed;
  } else if (args['anchor-file'] !== undefined) {
    const path = args['anchor-file'];
    const found = typeof path === 'string' ? await anchorFromManifest(path).catch(() => null) : null;
    if (found === null) {
      io.err(`--anchor-file: バックアップの manifest.json から監査ログの先頭行（auditHead）を読めません。\n`);
      return VERIFY_USAGE;
    }
    if (found !== 'none') anchor = found;
  }
  const verdict = await verifyAuditChain(ds, { anchor });
  report(verdict, io);
  return verdict.ok ? VERIFY_OK : VERIFY_BROKEN;
}

function report(verdict: ChainVerdict, io: VerifyIo): void {
  if (verdict.anchor?.ok)
    io.out(`記録された先頭行 ${verdict.anchor.id} は変更されずにチェーンに残っています。\n`);
  if (verdict.ok) {
    io.out(`監査ログの検証に成功しました: ${verdict.rows} 行、改ざんは検出されませんでした。\n`);
    return;
  }
  if (verdict.brokenCount > 0) {
    io.err(`監査ログの改ざんを検出しました: ${verdict.brokenCount} 件（全 ${verdict.rows} 行）\n`);
    for (const b of verdict.broken) io.err(`  行 ID ${b.id}: ${b.reason}\n`);
    if (verdict.brokenCount > verdict.broken.length)
      io.err(`  …ほか ${verdict.brokenCount - verdict.broken.length} 件\n`);
  }
  if (verdict.anchor && !verdict.anchor.ok)
    io.err(`記録された先頭行 ${verdict.anchor.id} の検証に失敗しました: ${verdict.anchor.reason}\n`);
}
