import { AppError, fieldError, type FieldError } from '../common/errors/app-error';

export const HistoryErrors = {
  invalid: (errors: FieldError[]) =>
    new AppError(
      'HISTORY_IMPORT_INVALID',
      400,
      `取り込むファイルに誤りが ${errors.length} 件あります。何も取り込んでいません。各項目のメッセージ（JSON の位置または CSV の行）を確認してください。`,
      { errors },
    ),
  noDocument: () =>
    fieldError(
      'HISTORY_IMPORT_NO_DOCUMENT',
      400,
      '取り込む JSON または CSV のファイルを document 欄で送信してください。',
      'document',
      'JSON または CSV のファイルを選択してください',
    ),
  tooLarge: (fileMb: number, totalMb: number) =>
    new AppError(
      'HISTORY_IMPORT_TOO_LARGE',
      413,
      `取り込むファイルが大きすぎます（1 ファイル ${fileMb}MB、1 回の送信で合計 ${totalMb}MB まで）。分けて取り込んでください。`,
    ),
};
