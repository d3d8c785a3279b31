import { AppError, fieldError, type FieldError } from '../common/errors/app-error';

export const WorkflowCaseErrors = {
  receivedOnInFuture: () =>
    fieldError(
      'WORKFLOW_RECEIVED_ON_IN_FUTURE',
      400,
      '受付日に今日より後の日付は指定できません。',
      'receivedOn',
      '今日または過去の日付を入力してください',
    ),
  receivedOnOnlyOnAccept: () =>
    fieldError(
      'WORKFLOW_RECEIVED_ON_NOT_ALLOWED',
      400,
      '受付日は事案の受付のときだけ指定できます。',
      'receivedOn',
      '受付以外の操作では指定できません',
    ),
  segregationOfDuties: () =>
    new AppError(
      'WORKFLOW_SEGREGATION_OF_DUTIES',
      403,
      '事案を提出（作成）した本人は、その事案を受け付けることはできません。別の事務局職員が受け付けてください。',
    ),
  notReady: (errors: FieldError[]) =>
    new AppError(
      'WORKFLOW_CASE_NOT_READY',
      400,
      '事案の記載に不足があるため提出できません。各項目を確認してください。',
      {
        errors,
      },
    ),
  manualActionOnly: (label: string) =>
    new AppError('WORKFLOW_ACTION_NOT_MANUAL', 400, `「${label}」は会議や付帯意見の画面から行います。`),
};
