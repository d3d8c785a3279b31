import { MIGRATIONS } from '../database/migrations';
import { AppError } from '../common/errors/app-error';
import { restoreCouncilBackup, type CouncilRestoreReport } from './council-restore';
import { rewindCouncil, type CouncilRewindReport } from './council-rewind';
import { openBackup, restoreBackup, verifyBackup, type LoadedBackup } from './restore';

export const RESTORE_USAGE = `使い方: npm run restore -- <バックアップ> [--council 番号|slug] [--dry-run] [--yes] [--target-url URL | --target-db 名前] [--attachments-dir フォルダ]
  <バックアップ>      バックアップのフォルダ、その manifest.json、または BACKUP_DIR の中のフォルダ名
  --dry-run           復元せず、内容（表・行数・チェックサム・マイグレーション）を表示して検証する
  --yes               確認を省略する
  --target-url URL    復元先の PostgreSQL（存在しなければ作成。空でなければ中止）
  --target-db 名前     設定済みのサーバー上の、この名前のデータベースに復元する
  --attachments-dir   添付ファイルの復元先（既定: DATA_DIR/attachments）
  --council 番号|slug  審議会ごとのバックアップを、既存の環境（または空のデータベース）にその審議会だけ復元する。
                      審議会の番号・slug、主キー、ログイン名が復元先にあれば何も書き込まずに中止（--dry-run は衝突の一覧を表示）。
                      環境全体のバックアップでは、復元先のその審議会だけをバックアップの時点に戻す（ほかの審議会は変わらない）`;

export interface RestoreArgs {
  backup: string;
  dryRun: boolean;
  yes: boolean;
  targetUrl: string | null;
  targetDb: string | null;
  attachmentsDir: string | null;
  council: string | null;
}

export function parseRestoreArgs(argv: string[]): RestoreArgs {
  const args: RestoreArgs = {
    backup: '',
    dryRun: false,
    yes: false,
    targetUrl: null,
    targetDb: null,
    attachmentsDir: null,
    council: null,
  };
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} には値が必要です`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--yes' || a === '-y') args.yes = true;
    else if (a === '--target-url') args.targetUrl = value(i++, a);
    else if (a === '--target-db') args.targetDb = value(i++, a);
    else if (a === '--attachments-dir') args.attachmentsDir = value(i++, a);
    else if (a === '--council') args.council = value(i++, a);
    else if (a.startsWith('-')) throw new Error(`不明なオプションです: ${a}`);
    else if (args.backup) throw new Error(`バックアップは 1 つだけ指定してください: ${a}`);
    else args.backup = a;
  }
  if (!args.backup) throw new Error('バックアップを指定してください');
  if (args.targetUrl && args.targetDb) throw new Error('--target-url と --target-db は同時に指定できません');
  if (args.targetDb && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(args.targetDb))
    throw new Error('--target-db は半角英数字と _ で指定してください');
  return args;
}

export interface RestoreIo {
  out(text: string): void;
  err(text: string): void;
  /** Asks a yes/no question; null when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean | null>;
}

export interface RestoreContext {
  backupDir: string;
  defaultAttachmentsDir: string;
  /** The configured database (DATABASE_URL or the embedded one), resolved on demand. */
  configuredDatabaseUrl(): Promise<string>;
}

/** Hides the password of a connection URL for display. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return '(不正な URL)';
  }
}

function describe(backup: LoadedBackup): string {
  const m = backup.manifest;
  const width = Math.max(...m.tables.map((t) => t.name.length), 4);
  const lines = [
    `バックアップ: ${backup.dir}`,
    `  作成日時: ${m.createdAt}（UTC）  データベース: ${m.database}  PostgreSQL ${m.postgresVersion}`,
    `  マイグレーション（${m.migrations.length} 件）:`,
    ...m.migrations.map((n) => `    ${n}`),
    `  表（${m.tables.length} 件、計 ${m.tables.reduce((n, t) => n + t.rows, 0)} 行）:`,
    ...m.tables.map(
      (t) => `    ${t.name.padEnd(width)}  ${String(t.rows).padStart(8)} 行  sha256 ${t.dataSha256}`,
    ),
    `  添付ファイル: ${m.attachments ? `${m.attachments.files.length} 件` : 'なし'}`,
    m.scope
      ? `  範囲: 審議会 ${m.scope.council.id}（${m.scope.council.slug}、${m.scope.council.name}）だけ`
      : '',
  ].filter((l) => l !== '');
  return lines.join('\n') + '\n';
}

async function resolveTarget(args: RestoreArgs, ctx: RestoreContext): Promise<string> {
  if (args.targetUrl) return args.targetUrl;
  const url = await ctx.configuredDatabaseUrl();
  if (!args.targetDb) return url;
  const u = new URL(url);
  u.pathname = `/${args.targetDb}`;
  return u.toString();
}

/** What a finished restore (whole or one council's) says about its tables, migrations and files. */
function restoredLines(
  report: { tables: unknown[]; rows: number; laterMigrations: string[]; attachments: number },
  attachmentsDir: string,
): string[] {
  return [
    `  表 ${report.tables.length} 件、${report.rows} 行。行数と内容のハッシュはバックアップと一致しています。`,
    report.laterMigrations.length
      ? `  バックアップより新しいマイグレーションを適用しました: ${report.laterMigrations.join(', ')}`
      : '',
    report.attachments ? `  添付ファイル ${report.attachments} 件を ${attachmentsDir} に復元しました。` : '',
  ];
}

function describeCouncilReport(report: CouncilRestoreReport, target: string, attachmentsDir: string): string {
  const c = report.council;
  const lines = report.dryRun
    ? [
        `確認のみ（何も書き込んでいません）: 審議会 ${c.id}（${c.slug}）を ${target} に復元すると:`,
        report.newDatabase ? '  スキーマを作成します（空のデータベース）。' : '',
        `  表 ${report.tables.length} 件、${report.rows} 行を書き込みます。添付ファイル ${report.attachments} 件。`,
        report.conflicts.length
          ? `  衝突があるため復元できません:\n${report.conflicts.map((x) => `    - ${x}`).join('\n')}`
          : '  衝突はありません。',
      ]
    : [
        `審議会 ${c.id}（${c.slug}、${c.name}）を復元しました: ${target}${report.createdDatabase ? '（データベースを新規作成）' : ''}`,
        ...restoredLines(report, attachmentsDir),
      ];
  return lines.filter(Boolean).join('\n') + '\n';
}

/**
 * Asks before a restore writes (unless `--yes` or `--dry-run`): null to go on, else the exit code
 * (2: no terminal to ask on, 1: the operator said no).
 */
async function confirmOrExit(args: RestoreArgs, io: RestoreIo, question: string): Promise<number | null> {
  if (args.dryRun || args.yes) return null;
  const answer = await io.confirm(`${question}よろしいですか？ [y/N] `);
  if (answer === null) {
    io.err('確認のための端末がありません。--yes を付けて実行してください。\n');
    return 2;
  }
  if (!answer) {
    io.err('中止しました。\n');
    return 1;
  }
  return null;
}

function describeRewindReport(report: CouncilRewindReport, target: string, attachmentsDir: string): string {
  const c = report.council;
  const r = report.rewind;
  const removed = r.removed.filter((t) => t.rows > 0);
  const lines = [
    report.dryRun
      ? `確認のみ（何も書き込んでいません）: ${target} の審議会 ${c.id}（${c.slug}）をバックアップ ${r.backupName}（${r.backupCreatedAt}）の時点に戻すと:`
      : `審議会 ${c.id}（${c.slug}、${c.name}）をバックアップ ${r.backupName}（${r.backupCreatedAt}）の時点に戻しました: ${target}`,
    `  今の行 ${r.removedRows} 行を削除し、バックアップの ${report.rows} 行（表 ${report.tables.length} 件）${report.dryRun ? 'を書き込みます' : 'を書き込みました'}。ほかの審議会の行は変わりません。`,
    removed.length
      ? `  削除${report.dryRun ? 'する' : 'した'}行: ${removed.map((t) => `${t.name} ${t.rows}`).join('、')}`
      : '',
    '  監査ログはそのまま残し、復元を 1 行追記します。ログイン中の人はもう一度ログインが必要です。',
    report.dryRun ? '' : '  行数と内容のハッシュはバックアップと一致しています。',
    report.attachments
      ? `  添付ファイル ${report.attachments} 件を ${attachmentsDir} に${report.dryRun ? '戻します（同じファイルがあれば省きます）' : '戻しました'}。`
      : '',
    report.dryRun
      ? report.conflicts.length
        ? `  衝突があるため復元できません:\n${report.conflicts.map((x) => `    - ${x}`).join('\n')}`
        : '  衝突はありません。'
      : '',
  ];
  return lines.filter(Boolean).join('\n') + '\n';
}

/**
 * `--council` or a council's backup. A council's backup adds that council to the target (an
 * existing deployment or an empty database); a full backup puts that council of the target back
 * as it was in the backup, the other councils untouched.
 */
async function councilRestore(
  backup: LoadedBackup,
  args: RestoreArgs,
  io: RestoreIo,
  ctx: RestoreContext,
): Promise<number> {
  const targetUrl = await resolveTarget(args, ctx);
  const target = displayUrl(targetUrl);
  const attachmentsDir = args.attachmentsDir ?? ctx.defaultAttachmentsDir;
  const rewind = !backup.manifest.scope;
  const exit = await confirmOrExit(
    args,
    io,
    rewind
      ? `${target} の審議会「${args.council}」のデータを、バックアップの時点（${backup.manifest.createdAt}）に戻します。その後の変更は失われます（ほかの審議会は変わりません。添付ファイルは ${attachmentsDir} へ）。`
      : `${target} に審議会のデータを追加します（添付ファイルは ${attachmentsDir} へ）。`,
  );
  if (exit !== null) return exit;
  const common = {
    backup,
    targetUrl,
    attachmentsDir,
    dryRun: args.dryRun,
    log: (line: string) => io.out(`${line}\n`),
  };
  let conflicts: string[];
  let text: string;
  if (rewind) {
    const report = await rewindCouncil({ ...common, council: args.council! });
    ({ conflicts } = report);
    text = describeRewindReport(report, target, attachmentsDir);
  } else {
    const report = await restoreCouncilBackup({ ...common, migrations: MIGRATIONS, council: args.council });
    ({ conflicts } = report);
    text = describeCouncilReport(report, target, attachmentsDir);
  }
  if (conflicts.length) {
    io.err(text);
    return 5;
  }
  io.out(text);
  return 0;
}

/** The restore command; returns the exit code. */
export async function runRestoreCommand(argv: string[], io: RestoreIo, ctx: RestoreContext): Promise<number> {
  let args: RestoreArgs;
  try {
    args = parseRestoreArgs(argv);
  } catch (e) {
    io.err(`${(e as Error).message}\n${RESTORE_USAGE}\n`);
    return 2;
  }
  try {
    const backup = await openBackup(args.backup, ctx.backupDir);
    io.out(describe(backup));
    if (backup.manifest.scope || args.council) return await councilRestore(backup, args, io, ctx);
    if (args.dryRun) {
      const problems = await verifyBackup(backup);
      if (problems.length) {
        io.err(`検証に失敗しました:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
        return 3;
      }
      io.out(
        '検証に成功しました: すべてのファイルのチェックサムと行数が一致しています。（復元は行っていません）\n',
      );
      return 0;
    }

    const targetUrl = await resolveTarget(args, ctx);
    const attachmentsDir = args.attachmentsDir ?? ctx.defaultAttachmentsDir;
    const exit = await confirmOrExit(
      args,
      io,
      `${displayUrl(targetUrl)} に復元します（空のデータベースのみ。添付ファイルは ${attachmentsDir} へ）。`,
    );
    if (exit !== null) return exit;
    const report = await restoreBackup({
      backup,
      targetUrl,
      attachmentsDir,
      migrations: MIGRATIONS,
      log: (line) => io.out(`${line}\n`),
    });
    io.out(
      [
        `復元しました: ${displayUrl(targetUrl)}${report.createdDatabase ? '（データベースを新規作成）' : ''}`,
        ...restoredLines(report, attachmentsDir),
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      io.err(`${e.detail}\n`);
      if (e.code === 'RESTORE_COUNCIL_CONFLICT') return 5;
      return e.code === 'BACKUP_CORRUPT' || e.code === 'BACKUP_UNSAFE_PATH' ? 3 : 1;
    }
    io.err(`復元に失敗しました: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
