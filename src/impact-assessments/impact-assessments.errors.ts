import { AppError, fieldError, notFoundError } from '../common/errors/app-error';

export const ImpactAssessmentErrors = {
  notFound: () => notFoundError('IMPACT_ASSESSMENT_NOT_FOUND', '特定個人情報保護評価の点検'),
  findingNotFound: () => notFoundError('ASSESSMENT_FINDING_NOT_FOUND', '指摘事項'),
  checkItemNotFound: (field: string) =>
    fieldError(
      'ASSESSMENT_CHECK_ITEM_NOT_FOUND',
      400,
      'この点検にない点検項目が指定されました。',
      field,
      '点検項目が見つかりません。画面を再読み込みしてください',
    ),
  notEditable: (stateLabel: string) =>
    new AppError(
      'IMPACT_ASSESSMENT_NOT_EDITABLE',
      409,
      `事案は「${stateLabel}」の状態のため、評価の内容は変更できません。作成中または差戻しの間だけ変更できます。`,
    ),
  reviewNotStarted: (stateLabel: string) =>
    new AppError(
      'IMPACT_ASSESSMENT_REVIEW_NOT_OPEN',
      409,
      `事案は「${stateLabel}」の状態のため、点検はできません。受付の後に点検を行ってください。`,
    ),
  checklistExists: () =>
    new AppError('ASSESSMENT_CHECKLIST_EXISTS', 409, 'この点検の点検項目はすでに作成されています。'),
  checklistMissing: () =>
    new AppError(
      'ASSESSMENT_CHECKLIST_MISSING',
      409,
      'まだ点検項目がありません。先に点検を開始してください。',
    ),
  evaluatedInFuture: () =>
    fieldError(
      'IMPACT_ASSESSMENT_DATE_IN_FUTURE',
      400,
      '評価実施日に未来の日付は指定できません。',
      'evaluatedOn',
      '今日以前の日付を入力してください',
    ),
  changeBeforeEvaluation: () =>
    fieldError(
      'IMPACT_ASSESSMENT_CHANGE_DATE',
      400,
      '重要な変更の日付は評価実施日より後にしてください。',
      'changedOn',
      '評価実施日より後の日付を入力してください',
    ),
  changeInFuture: () =>
    fieldError(
      'IMPACT_ASSESSMENT_DATE_IN_FUTURE',
      400,
      '重要な変更の日に未来の日付は指定できません。',
      'changedOn',
      '今日以前の日付を入力してください',
    ),
  documentType: (label: string) =>
    fieldError(
      'IMPACT_ASSESSMENT_DOCUMENT_TYPE',
      415,
      `評価書として添付できるのは PDF・Word（docx）・Excel（xlsx）だけです（このファイルは${label}です）。`,
      'file',
      'PDF・Word・Excel のファイルを添付してください',
    ),
};
