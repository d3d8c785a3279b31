import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';
import { ROLE_LABELS, ROLES, type Role } from '../role';
import type { User } from '../user.entity';
import {
  OneOf,
  OptionalBoolean,
  OptionalNonEmptyText,
  OptionalOneOf,
  OptionalString,
  OptionalUuid,
  stack,
  TrimmedText,
  VersionField,
} from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

/** A login name: trimmed, at most 50 characters of letters, digits and . _ - (the first admin's too). */
export const UsernameField = (api: ApiPropertyOptions) =>
  stack(
    TrimmedText(50, api),
    Matches(/^[A-Za-z0-9._-]+$/, { message: 'ユーザー名は半角英数字と . _ - で入力してください' }),
  );

export class CreateUserDto {
  @UsernameField({ example: 'suzuki' }) username: string;

  @TrimmedText(100, { example: '鈴木 花子' }) displayName: string;

  @OneOf(ROLES, { enum: ROLES }) role: Role;

  @OptionalUuid({ nullable: true, type: String })
  departmentId?: string | null;

  @OptionalString(200, { description: '省略すると仮パスワードを生成して一度だけ返します' })
  initialPassword?: string;
}

export class UpdateUserDto {
  @VersionField({ description: '楽観的ロックのためのバージョン' }) version: number;

  @OptionalNonEmptyText(100) displayName?: string;

  @OptionalOneOf(ROLES, { enum: ROLES }) role?: Role;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  departmentId?: string | null;

  @OptionalBoolean() disabled?: boolean;
}

export class VersionDto {
  @VersionField() version: number;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() roleLabel: string;
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty() locked: boolean;
  @ApiProperty({ nullable: true, type: String }) lastLoginAt: string | null;
  @ApiProperty() version: number;

  static from(u: User): UserDto {
    return {
      ...pick(u, 'id', 'username', 'displayName', 'role'),
      roleLabel: ROLE_LABELS[u.role],
      departmentId: u.departmentId,
      departmentName: u.department?.name ?? null,
      disabled: u.disabled,
      mustChangePassword: u.mustChangePassword,
      locked: Boolean(u.lockedUntil && u.lockedUntil.getTime() > Date.now()),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      version: u.version,
    };
  }
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiPropertyOptional({ description: '生成した仮パスワード（この応答でのみ表示）' })
  temporaryPassword?: string;
}
