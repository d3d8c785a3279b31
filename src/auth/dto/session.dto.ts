import { ApiProperty } from '@nestjs/swagger';
import { ROLE_LABELS, type Role } from '../../users/role';
import type { AuthUser } from '../auth-user';

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['clerk', 'secretariat', 'member', 'chair', 'admin'] }) role: Role;
  @ApiProperty() roleLabel: string;
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ nullable: true, type: String }) previousLoginAt: string | null;

  static from(u: Omit<AuthUser, 'sessionId'>): MeDto {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      roleLabel: ROLE_LABELS[u.role],
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
