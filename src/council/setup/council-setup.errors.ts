import { AppError, CommonErrors } from '../../common/errors/app-error';

export const SetupErrors = {
  alreadySetUp: () =>
    new AppError(
      'COUNCIL_ALREADY_SET_UP',
      409,
      '審議会はすでに設定されています。初期設定は、審議会がまだないときに一度だけ行えます。',
    ),
  field: (field: string, messages: string[]) => CommonErrors.validation([{ field, messages }]),
};
