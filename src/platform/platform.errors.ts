import { AppError } from '../common/errors/app-error';

export const PlatformErrors = {
  councilNotFound: () =>
    new AppError('PLATFORM_COUNCIL_NOT_FOUND', 404, '指定された審議会は見つかりません。'),
  nothingToChange: () =>
    new AppError('VALIDATION_FAILED', 400, '変更する項目を指定してください。', {
      errors: [{ field: 'councilName', messages: ['変更する項目を指定してください'] }],
    }),
};
