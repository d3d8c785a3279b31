import { AppError, fieldError, notFoundError } from '../common/errors/app-error';

export const MinutesErrors = {
  notFound: () => new AppError('MINUTES_NOT_FOUND', 404, '指定された会議の会議録はまだ作成されていません。'),
  meetingNotHeld: (stateLabel: string) =>
    new AppError(
      'MINUTES_MEETING_NOT_HELD',
      409,
      `会議が「${stateLabel}」のため、会議録はまだ作成できません。会議の開催後に作成してください。`,
    ),
  notDrafting: (stateLabel: string) =>
    new AppError(
      'MINUTES_NOT_EDITABLE',
      409,
      `会議録が「${stateLabel}」のため、編集や再作成はできません。作成中に戻してから行ってください。`,
    ),
  lineNotFound: (key: string) =>
    fieldError(
      'MINUTES_LINE_NOT_FOUND',
      409,
      `指定された行（${key}）は会議録にありません。行が削除または再作成された可能性があります。画面を再読み込みしてください。`,
      'lineKey',
      'この行は会議録にありません',
    ),
  notManualLine: () =>
    new AppError(
      'MINUTES_LINE_NOT_MANUAL',
      409,
      '記録から作成された行は削除できません。文言を修正してください。',
    ),
  noAttendees: () =>
    new AppError(
      'MINUTES_NO_ATTENDEES',
      409,
      '出席した委員が登録されていないため、確認依頼を送れません。会議の出席者を確認してください。',
    ),
  deadlineRequired: () =>
    fieldError(
      'MINUTES_DEADLINE_REQUIRED',
      400,
      '確認期限を入力してください。',
      'deadline',
      '確認期限を入力してください',
    ),
  deadlineInPast: () =>
    fieldError(
      'MINUTES_DEADLINE_IN_PAST',
      400,
      '確認期限には今日以降の日付を入力してください。',
      'deadline',
      '今日以降の日付を入力してください',
    ),
  notAttended: () =>
    new AppError(
      'MINUTES_NOT_ATTENDED',
      403,
      'この会議に出席していないため、会議録の確認はできません。確認は出席した委員が行います。',
    ),
  notCirculating: (stateLabel: string) =>
    new AppError(
      'MINUTES_NOT_CIRCULATING',
      409,
      `会議録が「${stateLabel}」のため、確認や修正依頼は受け付けていません。`,
    ),
  alreadyAnswered: () => new AppError('MINUTES_ALREADY_ANSWERED', 409, 'この確認依頼には既に回答済みです。'),
  correctionsEmpty: () =>
    fieldError(
      'MINUTES_CORRECTIONS_EMPTY',
      400,
      '修正依頼の内容を1件以上入力してください。',
      'corrections',
      '修正依頼を入力してください',
    ),
  correctionNotFound: () => notFoundError('MINUTES_CORRECTION_NOT_FOUND', '修正依頼'),
  correctionDecided: () =>
    new AppError('MINUTES_CORRECTION_DECIDED', 409, 'この修正依頼は既に処理済みです。'),
  pendingAnswers: (names: string[]) =>
    new AppError(
      'MINUTES_PENDING_ANSWERS',
      409,
      `確認期限前で、まだ回答のない委員がいます（${names.join('、')}）。全員の回答後か、期限の経過後に確定してください。`,
    ),
  openCorrections: (n: number) =>
    new AppError(
      'MINUTES_OPEN_CORRECTIONS',
      409,
      `未処理の修正依頼が${n}件あります。すべて反映または不採用にしてから確定してください。`,
    ),
  redactionNotPrepared: () =>
    new AppError(
      'MINUTES_REDACTION_NOT_PREPARED',
      409,
      '公開版のマスキング確認がまだです。「公開版を作成」を行い、すべての候補を確認してから公開してください。',
    ),
  masksUndecided: (n: number) =>
    new AppError(
      'MINUTES_MASKS_UNDECIDED',
      409,
      `確認していないマスキング候補が${n}件あります。すべて「マスクする」か「マスクしない」を選んでから公開してください。`,
    ),
  notConfirmed: (stateLabel: string) =>
    new AppError(
      'MINUTES_NOT_CONFIRMED',
      409,
      `会議録が「${stateLabel}」のため、公開版の作成はできません。委員の確認を経て確定してから行ってください。`,
    ),
  maskNotFound: () => notFoundError('MINUTES_MASK_NOT_FOUND', 'マスキング候補'),
  paperNotAttendee: () =>
    fieldError(
      'MINUTES_PAPER_NOT_ATTENDEE',
      400,
      'この会議に出席した委員ではないため、回答を記録できません。確認依頼の対象となっている委員を選んでください。',
      'councilMemberId',
      'この会議に出席した委員を選んでください',
    ),
  paperRoundClosed: (stateLabel: string) =>
    new AppError(
      'MINUTES_NOT_CIRCULATING',
      409,
      `会議録が「${stateLabel}」のため、郵送・書面の回答は記録できません。回答の記録は委員確認中に行ってください。`,
    ),
  paperAlreadyAnswered: (member: string, statusLabel: string) =>
    fieldError(
      'MINUTES_ALREADY_ANSWERED',
      409,
      `${member}委員の回答は既に記録されています（${statusLabel}）。`,
      'councilMemberId',
      'この委員は回答済みです',
    ),
  receivedOnRequired: () =>
    fieldError(
      'MINUTES_RECEIVED_ON_REQUIRED',
      400,
      '受領日を入力してください。',
      'receivedOn',
      '受領日を入力してください',
    ),
  receivedOnOutOfRange: (from: string, to: string) =>
    fieldError(
      'MINUTES_RECEIVED_ON_OUT_OF_RANGE',
      400,
      `受領日には確認依頼の日（${from}）から今日（${to}）までの日付を入力してください。`,
      'receivedOn',
      `${from}から${to}までの日付を入力してください`,
    ),
  paperCorrectionsEmpty: () =>
    fieldError(
      'MINUTES_CORRECTIONS_EMPTY',
      400,
      '修正依頼の内容を入力してください。',
      'corrections',
      '修正依頼の内容を入力してください',
    ),
  publicNotFound: () => new AppError('NOT_FOUND', 404, '指定された会議録は公開されていません。'),
};
