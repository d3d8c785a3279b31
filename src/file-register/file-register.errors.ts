import { AppError, fieldError, notFoundError } from '../common/errors/app-error';

/** The register's refusals (RFC 9457 codes). */
export const FileRegisterErrors = {
  entryNotFound: () => notFoundError('REGISTER_ENTRY_NOT_FOUND', '個人情報ファイル簿の登録'),
  proposalNotFound: () => notFoundError('REGISTER_PROPOSAL_NOT_FOUND', 'ファイル簿の変更案'),
  proposalDecided: () =>
    new AppError(
      'REGISTER_PROPOSAL_DECIDED',
      409,
      'このファイル簿の変更案は既に確定または却下されています。一覧から最新の状態を確認してください。',
    ),
  abolished: () => new AppError('REGISTER_ENTRY_ABOLISHED', 409, '廃止された登録は変更できません。'),
  badTransition: (label: string) =>
    new AppError(
      'REGISTER_ENTRY_BAD_TRANSITION',
      409,
      `この登録は現在「${label}」のため、その操作はできません。`,
    ),
  targetMismatch: () =>
    fieldError(
      'REGISTER_PROPOSAL_TARGET',
      400,
      '変更する登録には、同じ課の廃止されていない登録を選んでください。',
      'targetEntryId',
      '同じ課の廃止されていない登録を選んでください',
    ),
};
