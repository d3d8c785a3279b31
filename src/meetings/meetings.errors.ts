import { AppError, fieldError, notFoundError } from '../common/errors/app-error';

export const MeetingErrors = {
  notFound: () => notFoundError('MEETING_NOT_FOUND', '会議'),
  itemNotFound: () => notFoundError('AGENDA_ITEM_NOT_FOUND', '議題'),
  numberTaken: (n: number) =>
    fieldError(
      'MEETING_NUMBER_TAKEN',
      409,
      `第${n}回の会議は既に登録されています。回数を確認してください。`,
      'number',
      `第${n}回は既に登録されています`,
    ),
  memberOutOfTerm: (name: string, date: string) =>
    fieldError(
      'MEETING_MEMBER_OUT_OF_TERM',
      409,
      `${name} 委員は会議の日（${date}）に任期外のため、出席にできません。委員名簿の任期を確認してください。`,
      'councilMemberId',
      '任期外の委員です',
    ),
  memberUnknown: () =>
    fieldError(
      'MEETING_MEMBER_UNKNOWN',
      400,
      '指定された委員は委員名簿にありません。',
      'councilMemberId',
      '委員名簿にない委員です',
    ),
  minutesConfirmed: () =>
    fieldError(
      'MEETING_MINUTES_CONFIRMED',
      409,
      '会議録が確定しているため、「その他」は変更できません。変更するには会議録を作成中に戻してください。',
      'otherNotes',
      '会議録が確定しているため変更できません',
    ),
  notEditable: (stateLabel: string) =>
    new AppError('MEETING_NOT_EDITABLE', 409, `会議が「${stateLabel}」のため、この変更はできません。`),
  notHeld: (stateLabel: string) =>
    new AppError(
      'MEETING_NOT_HELD',
      409,
      `会議が「${stateLabel}」のため、審議の記録や結果の入力はまだできません。会議を開会してから入力してください。`,
    ),
  itemsUndecided: (labels: string[]) =>
    new AppError(
      'MEETING_ITEMS_UNDECIDED',
      409,
      `審議結果が未入力の議題があります（${labels.join('、')}）。すべて入力してから終了してください。`,
    ),
  agendaFrozen: () =>
    new AppError(
      'AGENDA_RENUMBER_CONFIRMATION_REQUIRED',
      409,
      '会議は招集済みで、議題の番号は確定しています。並べ替えると番号が変わるため、確認のうえ confirmRenumber を指定してください。',
    ),
  agendaLocked: () =>
    new AppError('AGENDA_LOCKED', 409, '会議の開会後は議題の追加・削除・並べ替えはできません。'),
  removeAfterConvene: () =>
    new AppError(
      'AGENDA_REMOVE_AFTER_CONVENE',
      409,
      '招集後の会議からは議題を削除できません。取下げは審議結果として記録してください。',
    ),
  badOrder: () =>
    fieldError(
      'AGENDA_BAD_ORDER',
      400,
      '並べ替えの指定が議題の一覧と一致しません。画面を再読み込みしてください。',
      'itemIds',
      'この区分のすべての議題を一度ずつ指定してください',
    ),
  badGroup: () =>
    fieldError(
      'AGENDA_BAD_GROUP',
      400,
      '併せて審議できるのは、同じ会議・同じ区分の 2 件以上の議題です。',
      'itemIds',
      '同じ区分の議題を 2 件以上選んでください',
    ),
  alreadyOnAgenda: () => new AppError('AGENDA_DUPLICATE', 409, 'この事案は既にこの会議の議題です。'),
  outcomeNotRecorded: () =>
    new AppError(
      'DELIBERATION_OUTCOME_NOT_RECORDED',
      409,
      'この議題の審議結果はまだ記録されていないため、訂正できません。先に結果を記録してください。',
    ),
  outcomeFrozen: (replyLabel: string) =>
    new AppError(
      'DELIBERATION_OUTCOME_FROZEN',
      409,
      `${replyLabel}が既に発出されているため、審議結果は訂正できません。発出済みの答申は変更できません。`,
    ),
  withdrawalNotCorrectable: () =>
    new AppError(
      'DELIBERATION_WITHDRAWAL_NOT_CORRECTABLE',
      409,
      '「取下げ」の記録は訂正できません（取下げへの訂正もできません）。事務局の管理者に相談してください。',
    ),
  notHeldForCorrection: (stateLabel: string) =>
    new AppError(
      'DELIBERATION_MEETING_NOT_HELD',
      409,
      `会議が「${stateLabel}」のため、審議結果は訂正できません。`,
    ),
  outcomeRecorded: () =>
    new AppError('DELIBERATION_OUTCOME_RECORDED', 409, 'この議題の審議結果は既に記録されています。'),
  outcomeNotForSection: (outcomeLabel: string, sectionLabel: string) =>
    fieldError(
      'DELIBERATION_OUTCOME_INVALID',
      400,
      `${sectionLabel}の結果に「${outcomeLabel}」は選べません。`,
      'outcome',
      `${sectionLabel}には選べない結果です`,
    ),
  opinionRequired: () =>
    fieldError(
      'DELIBERATION_OPINION_REQUIRED',
      400,
      '「付帯意見を付して承認」には付帯意見を 1 件以上入力してください。',
      'supplementaryOpinions',
      '付帯意見を入力してください',
    ),
  opinionNotAllowed: () =>
    fieldError(
      'DELIBERATION_OPINION_NOT_ALLOWED',
      400,
      '付帯意見を付けられるのは「付帯意見を付して承認」のときだけです。',
      'supplementaryOpinions',
      'この結果には付帯意見を付けられません',
    ),
  voteRequired: () =>
    fieldError(
      'DELIBERATION_VOTE_REQUIRED',
      400,
      '諮問事項の採決方法を選んでください。',
      'voteMethod',
      '採決方法を選んでください',
    ),
  withdrawalReasonRequired: () =>
    fieldError(
      'DELIBERATION_WITHDRAWAL_REASON_REQUIRED',
      400,
      '取下げの理由を入力してください。',
      'withdrawalReason',
      '取下げの理由を入力してください',
    ),
  categoricalNeedsCriteria: () =>
    fieldError(
      'AGENDA_CATEGORICAL_CRITERIA_REQUIRED',
      400,
      '類型諮問には類型の条件を 1 つ以上指定してください。',
      'criteria',
      '類型の条件を指定してください',
    ),
  notAttending: () =>
    new AppError('MEETING_NOT_ATTENDING', 403, 'この会議の出席委員ではないため、この操作はできません。'),
  questionsClosed: (stateLabel: string) =>
    new AppError(
      'ADVANCE_QUESTIONS_CLOSED',
      409,
      `事前質問は招集後・開会前の会議にだけ投稿できます（現在: ${stateLabel}）。`,
    ),
  questionNotFound: () => notFoundError('ADVANCE_QUESTION_NOT_FOUND', '事前質問'),
  conditionsNone: () =>
    new AppError('AGENDA_NO_OPEN_CONDITIONS', 409, '議題にできる対応中の付帯意見はありません。'),
  itemNotReport: () =>
    fieldError(
      'AGENDA_ITEM_NOT_REPORT',
      409,
      'ファイルを添付できるのは報告事項の議題だけです。',
      'file',
      '報告事項の議題を選んでください',
    ),
  reportFileNotFound: () => notFoundError('AGENDA_ITEM_FILE_NOT_FOUND', '報告事項のファイル'),
};
