import 'reflect-metadata';
import { ownerUrlOf } from '../database/app-role';
import { join } from 'node:path';
import { runBackup } from '../ops/backup';
import { withDatabase } from './cli-support';

const formatBytes = (n: number) =>
  n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/**
 * `--council <番号|slug>`: that council alone; undefined: the whole deployment. Taken out of argv
 * before withDatabase, which would read it as the command's council (numbers only).
 */
function takeCouncilArgument(argv: string[]): string | undefined {
  const at = argv.indexOf('--council');
  if (at === -1) return undefined;
  const value = argv[at + 1];
  if (!value || value.startsWith('--')) {
    process.stderr.write('--council には審議会の番号または slug が必要です\n');
    process.exit(2);
  }
  argv.splice(at, 2);
  return value;
}

const council = takeCouncilArgument(process.argv);

void withDatabase(async (ds, config) => {
  const url = ownerUrlOf(ds);
  const outcome = await runBackup({
    databaseUrl: url,
    backupDir: config.backup.dir,
    attachmentsDir: join(config.dataDir, 'attachments'),
    keep: config.backup.keep,
    trigger: 'command',
    council,
  });
  if (outcome.status === 'skipped') {
    process.stderr.write(`バックアップを実行しませんでした: ${outcome.reason}\n`);
    return 4;
  }
  process.stdout.write(
    [
      `${council ? `審議会「${council}」だけの` : ''}バックアップを作成しました: ${outcome.path}`,
      `  表 ${outcome.tables} 件、${outcome.rows} 行、${formatBytes(outcome.sizeBytes)}`,
      `  チェックサム（SHA256SUMS の SHA-256）: ${outcome.checksum}`,
      outcome.pruned.length ? `  古いバックアップを削除しました: ${outcome.pruned.join(', ')}` : '',
      '',
    ]
      .filter((l, i, a) => l !== '' || i === a.length - 1)
      .join('\n'),
  );
  return 0;
});
