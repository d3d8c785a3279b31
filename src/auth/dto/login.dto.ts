import { RequiredString } from '../../common/validation/fields';

export class LoginDto {
  @RequiredString(100, { example: 'secretariat' }) username: string;

  @RequiredString(200, { example: 'Shingikai-2026-secretariat' }) password: string;
}

export class ChangePasswordDto {
  @RequiredString(200) currentPassword: string;

  @RequiredString(200, { description: '12 文字以上、英字・数字・記号のうち 2 種類以上' }) newPassword: string;
}
