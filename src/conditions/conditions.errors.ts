import { fieldError, notFoundError } from '../common/errors/app-error';

export const ConditionErrors = {
  notFound: () => notFoundError('CONDITION_NOT_FOUND', '付帯意見・条件'),
  attachmentNotFound: () => notFoundError('CONDITION_ATTACHMENT_NOT_FOUND', '添付ファイル'),
  attachmentExecutable: (fileName: string) =>
    fieldError(
      'CONDITION_ATTACHMENT_EXECUTABLE',
      415,
      `「${fileName}」は実行ファイル（プログラム）です。添付できるのは PDF・PNG・JPEG・Excel（xlsx）・Word（docx）だけです。`,
      'files',
      '実行ファイルは添付できません',
    ),
  attachmentType: (fileName: string) =>
    fieldError(
      'CONDITION_ATTACHMENT_TYPE',
      415,
      `「${fileName}」の内容は PDF・PNG・JPEG・Excel（xlsx）・Word（docx）のいずれでもありません。`,
      'files',
      '添付できない種類のファイルです',
    ),
  attachmentNameMismatch: (fileName: string, label: string, ext: string) =>
    fieldError(
      'CONDITION_ATTACHMENT_NAME_MISMATCH',
      415,
      `「${fileName}」の内容は${label}ですが、ファイル名の拡張子は「.${ext}」です。正しい拡張子のファイルを添付してください。`,
      'files',
      'ファイル名と内容の種類が一致しません',
    ),
  attachmentTooLarge: (limitMb: number) =>
    fieldError(
      'CONDITION_ATTACHMENT_TOO_LARGE',
      413,
      `添付ファイルは 1 件 ${limitMb}MB までです。`,
      'files',
      `${limitMb}MB を超えるファイルは添付できません`,
    ),
};
