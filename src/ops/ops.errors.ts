import { AppError } from '../common/errors/app-error';

/** Errors of backup and restore (shown by the commands, the API and the logs). */
export const OpsErrors = {
  backupFailed: (reason: string) =>
    new AppError('BACKUP_FAILED', 500, `バックアップに失敗しました: ${reason}`),
  backupNotFound: (path: string) =>
    new AppError(
      'BACKUP_NOT_FOUND',
      404,
      `バックアップが見つかりません: ${path}（バックアップのフォルダか、その中の manifest.json を指定してください）`,
    ),
  backupCorrupt: (problems: string[]) =>
    new AppError(
      'BACKUP_CORRUPT',
      422,
      `バックアップが破損しているか、改変されています:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { problems },
    ),
  unsafeBackupPaths: (entries: string[]) =>
    new AppError(
      'BACKUP_UNSAFE_PATH',
      422,
      `バックアップに、保存先のフォルダの外を指すか、このアプリが作らない名前のパスがあります。何も書き込まずに中止しました:\n${entries.map((p) => `  - ${p}`).join('\n')}`,
      { entries },
    ),
  backupFromNewerVersion: (unknown: string[]) =>
    new AppError(
      'BACKUP_NEWER_THAN_APP',
      422,
      `このバックアップは、このアプリにないマイグレーションを含んでいます（${unknown.join(', ')}）。同じか新しいバージョンのアプリで復元してください。`,
    ),
  targetNotEmpty: (tables: string[]) =>
    new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      409,
      `復元先のデータベースは空ではありません（データのある表: ${tables.join(', ')}）。` +
        `上書きはしません。新しいデータベースを --target-url で指定するか、空のデータベースを用意してください。`,
      { tables },
    ),
  targetSchemaNewer: (extra: string[]) =>
    new AppError(
      'RESTORE_TARGET_NEWER',
      409,
      `復元先のデータベースには、バックアップにないマイグレーションが適用済みです（${extra.join(', ')}）。新しい空のデータベースに復元してください。`,
    ),
  targetSchemaMismatch: (problems: string[]) =>
    new AppError(
      'RESTORE_SCHEMA_MISMATCH',
      409,
      `復元先の表の構成がバックアップと一致しません:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    ),
  attachmentConflict: (files: string[]) =>
    new AppError(
      'RESTORE_ATTACHMENT_CONFLICT',
      409,
      `添付ファイルの保存先に、内容の異なる同名のファイルがあります（${files.slice(0, 5).join(', ')}${files.length > 5 ? ' ほか' : ''}）。空のフォルダを --attachments-dir で指定してください。`,
    ),
  cyclicReferences: (tables: string[]) =>
    new AppError(
      'RESTORE_CYCLIC_REFERENCES',
      422,
      `表 ${tables.join(', ')} は互いに参照し合っているため、スーパーユーザー以外では読み込めません。スーパーユーザーで復元してください。`,
    ),
  verificationFailed: (problems: string[]) =>
    new AppError(
      'RESTORE_VERIFICATION_FAILED',
      500,
      `復元後の検証に失敗しました（変更は取り消しました）:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    ),
  councilNotFound: (value: string) =>
    new AppError(
      'BACKUP_COUNCIL_NOT_FOUND',
      404,
      `審議会「${value}」がありません（番号または slug で指定してください）。`,
    ),
  councilScopeMismatch: (wanted: string, actual: string) =>
    new AppError(
      'RESTORE_COUNCIL_MISMATCH',
      422,
      `このバックアップは審議会「${actual}」のものです。--council ${wanted} とは一致しません。`,
    ),
  councilRestoreNeedsCouncilBackup: () =>
    new AppError(
      'RESTORE_COUNCIL_NEEDS_COUNCIL_BACKUP',
      422,
      'これは審議会ごとのバックアップ（npm run backup -- --council …）ではありません。環境全体のバックアップからは、npm run restore -- <バックアップ> --council <番号|slug> で、既存の環境のその審議会をバックアップの時点に戻せます。',
    ),
  councilNotInBackup: (value: string, available: string[]) =>
    new AppError(
      'RESTORE_COUNCIL_NOT_IN_BACKUP',
      404,
      `審議会「${value}」はこのバックアップにありません（バックアップにある審議会: ${available.slice(0, 20).join(', ') || 'なし'}${available.length > 20 ? ' ほか' : ''}）。番号または slug で指定してください。`,
      { available },
    ),
  councilRestoreSchemaDiffers: (onlyInBackup: string[], onlyInTarget: string[]) =>
    new AppError(
      'RESTORE_SCHEMA_VERSION_DIFFERS',
      409,
      `バックアップと復元先のスキーマのバージョン（適用済みのマイグレーション）が異なるため、審議会だけを戻すことはできません。何も書き込まずに中止しました。` +
        (onlyInBackup.length ? `\n  - バックアップだけにあるもの: ${onlyInBackup.join(', ')}` : '') +
        (onlyInTarget.length ? `\n  - 復元先だけにあるもの: ${onlyInTarget.join(', ')}` : '') +
        `\n同じバージョンのバックアップを使うか、全体の復元で新しいデータベースに戻してから移してください。`,
      { onlyInBackup, onlyInTarget },
    ),
  councilAlreadyRestoring: (council: string) =>
    new AppError(
      'RESTORE_COUNCIL_RESTORING',
      409,
      `審議会 ${council} は「復元中」です。別の復元が実行中か、前の復元が途中で止まりました。止まった場合は、プラットフォームの管理者が管理画面の「利用再開」（または「利用停止」）で元の状態に戻してから、もう一度実行してください。`,
    ),
  councilLeftRestoring: (council: string) =>
    new AppError(
      'RESTORE_COUNCIL_LEFT_RESTORING',
      409,
      `復元の開始後に、審議会 ${council} の状態がプラットフォームの管理者によって変えられました。何も書き込まずに中止しました。`,
    ),
  councilConflicts: (conflicts: string[]) =>
    new AppError(
      'RESTORE_COUNCIL_CONFLICT',
      409,
      `復元先に同じ審議会・同じ ID・同じログイン名のデータがあります。何も書き込まずに中止しました:\n${conflicts.map((c) => `  - ${c}`).join('\n')}`,
    ),
};
