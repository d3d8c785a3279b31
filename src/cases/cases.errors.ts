import { AppError, fieldError, type FieldError, notFoundError } from '../common/errors/app-error';

export { caseNotFound } from './case-access';

/** Error codes of the case-file feature. */
export const CaseErrors = {
  /** References (legal bases, clause sets, related cases, item keys) that do not fit; nothing saved. */
  invalidContent: (errors: FieldError[]) =>
    new AppError(
      'CASE_CONTENT_INVALID',
      400,
      '事案の内容に誤りがあります。各項目のメッセージを確認してください。保存はされていません。',
      { errors },
    ),
  notEditable: (statusLabel: string) =>
    new AppError(
      'CASE_NOT_EDITABLE',
      409,
      `この事案は「${statusLabel}」のため編集できません。編集できるのは作成中または差戻し中の事案です。`,
    ),
  editForbidden: () =>
    new AppError('CASE_EDIT_FORBIDDEN', 403, '事案の内容を編集できるのは、担当課の職員だけです。'),
  deleteOnlyDraft: (statusLabel: string) =>
    new AppError(
      'CASE_DELETE_NOT_DRAFT',
      409,
      `この事案は「${statusLabel}」のため削除できません。削除できるのは提出前（作成中）の事案だけです。`,
    ),
  binItemNotFound: () =>
    new AppError(
      'BIN_ITEM_NOT_FOUND',
      404,
      '指定された項目はごみ箱にありません（復元済みか、保存期間を過ぎて完全に削除されています）。',
    ),
  restoreCaseFirst: (caseTitle: string) =>
    new AppError(
      'BIN_RESTORE_CASE_FIRST',
      409,
      `この添付資料の事案「${caseTitle}」もごみ箱にあります。先に事案を復元してください。`,
    ),
  snapshotNotFound: () => notFoundError('CASE_VERSION_NOT_FOUND', '版'),
  attachmentNotFound: () => notFoundError('CASE_ATTACHMENT_NOT_FOUND', '添付資料'),
  attachmentMissing: () =>
    fieldError(
      'CASE_ATTACHMENT_FILE_REQUIRED',
      400,
      'ファイルを選んでください。',
      'file',
      'ファイルを選んでください',
    ),
  attachmentExecutable: () =>
    fieldError(
      'CASE_ATTACHMENT_EXECUTABLE',
      415,
      'このファイルは実行ファイル（プログラム）です。添付できるのは PDF・PNG・JPEG・Excel（xlsx）・Word（docx）だけです。',
      'file',
      '実行ファイルは添付できません',
    ),
  attachmentType: () =>
    fieldError(
      'CASE_ATTACHMENT_TYPE',
      415,
      'ファイルの内容が PDF・PNG・JPEG・Excel（xlsx）・Word（docx）のいずれでもありません。',
      'file',
      '添付できない種類のファイルです',
    ),
  attachmentNameMismatch: (label: string, ext: string) =>
    fieldError(
      'CASE_ATTACHMENT_NAME_MISMATCH',
      415,
      `ファイルの内容は${label}ですが、ファイル名の拡張子は「.${ext}」です。正しい拡張子のファイルを添付してください。`,
      'file',
      'ファイル名と内容の種類が一致しません',
    ),
  attachmentTooLarge: (limitMb: number) =>
    new AppError('CASE_ATTACHMENT_TOO_LARGE', 413, `添付できるファイルは 1 件 ${limitMb} MB までです。`),
};

export const CatalogErrors = {
  basisNotFound: () => notFoundError('LEGAL_BASIS_NOT_FOUND', '条例の根拠'),
  basisInUse: (count: number) =>
    new AppError(
      'LEGAL_BASIS_IN_USE',
      409,
      `この条例の根拠は ${count} 件の事案で使われているため削除できません。今後使わない場合は「廃止」にしてください。`,
    ),
  basisDuplicate: () =>
    fieldError(
      'LEGAL_BASIS_DUPLICATE',
      409,
      '同じコードの条例の根拠が既にあります。',
      'code',
      '既に使われているコードです',
    ),
  subtypesOnlyForOutsourcing: () =>
    fieldError(
      'LEGAL_BASIS_SUBTYPES',
      400,
      '委託の種類は、別紙の種類が「委託」の根拠にだけ指定できます。',
      'outsourcingSubtypes',
      '別紙の種類が「委託」の根拠にだけ指定できます',
    ),
  clauseSetNotFound: () => notFoundError('CLAUSE_SET_NOT_FOUND', '特記事項'),
  clauseSetDuplicate: () =>
    fieldError(
      'CLAUSE_SET_DUPLICATE',
      409,
      '同じコードの特記事項が既にあります。',
      'code',
      '既に使われているコードです',
    ),
  clauseNumbersDuplicate: () =>
    fieldError(
      'CLAUSE_NUMBERS_DUPLICATE',
      400,
      '特記事項の項番号が重複しています。',
      'clauses',
      '項番号が重複しています',
    ),
};
