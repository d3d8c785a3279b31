import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_ROLE_LABELS, PLATFORM_ADMIN, ROLES, type AccountRole } from '../../users/role';
import type { Principal } from '../auth-user';

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({
    enum: [...ROLES, PLATFORM_ADMIN],
    description:
      'platformAdmin: プラットフォーム管理者（どの審議会にも属さず、審議会の登録・名称変更だけを行う）',
  })
  role: AccountRole;
  @ApiProperty() roleLabel: string;
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ nullable: true, type: String }) previousLoginAt: string | null;

  static from(u: Omit<Principal, 'sessionId'>): MeDto {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      roleLabel: ACCOUNT_ROLE_LABELS[u.role],
      departmentId: u.departmentId,
      departmentName: u.departmentName,
      mustChangePassword: u.mustChangePassword,
      previousLoginAt: u.previousLoginAt ? new Date(u.previousLoginAt).toISOString() : null,
    };
  }
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
