import { AppError, fieldError, CommonErrors } from '../../common/errors/app-error';
import { UserErrors } from '../../users/users.errors';

export const SetupErrors = {
  alreadySetUp: () =>
    new AppError(
      'COUNCIL_ALREADY_SET_UP',
      409,
      '審議会はすでに設定されています。初期設定は、審議会がまだないときに一度だけ行えます。',
    ),
  field: (field: string, messages: string[]) => CommonErrors.validation([{ field, messages }]),
  slugTaken: (slug: string) =>
    fieldError(
      'COUNCIL_SLUG_TAKEN',
      409,
      `英字名「${slug}」は別の審議会が使っています。`,
      'slug',
      '別の審議会が使っている英字名です',
    ),
  adminUsernameTaken: (username: string) => UserErrors.usernameTaken(username, 'adminUsername'),
};
