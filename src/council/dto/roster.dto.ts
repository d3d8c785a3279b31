import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { CreateUserDto } from '../../users/dto/user.dto';
import { ROLE_LABELS } from '../../users/role';
import { MEMBER_TITLE_LABELS, MEMBER_TITLES, type MemberTitle } from '../council-member.entity';
import type { RosterEntry } from '../roster.service';
import { OneOf, TrimmedText, VersionField } from '../../common/validation/fields';

/** An empty affiliation field means none. */
const blankToNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || null : value;

/** A calendar day as YYYY-MM-DD (a 任期 has no time of day). */
function IsDay(): PropertyDecorator {
  return ValidateBy({
    name: 'isDay',
    validator: {
      validate: (v: unknown) => {
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
        // A day that does not exist (2027-02-29, 2026-13-01) is not rolled over into another.
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
      },
      defaultMessage: () => '日付（YYYY-MM-DD）で入力してください',
    },
  });
}

export class CreateRosterMemberDto {
  @TrimmedText(100, { example: '新井 恵' }) name: string;

  @OneOf(MEMBER_TITLES, {
    enum: MEMBER_TITLES,
    description: 'chair 会長 / viceChair 職務代理者 / member 委員',
  })
  title: MemberTitle;

  @ApiPropertyOptional({ nullable: true, type: String, example: '学識経験者' })
  @IsOptional()
  @Transform(blankToNull)
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  affiliation?: string | null;

  @ApiProperty({ example: '2025-04-01', description: '任期の初日' })
  @IsDay()
  termStart: string;

  @ApiProperty({ example: '2027-03-31', description: '任期の末日' })
  @IsDay()
  termEnd: string;
}

export class RosterVersionDto {
  @VersionField({ description: '楽観的ロックのためのバージョン' }) version: number;
}

/** Any of the member's fields; the others are kept. */
export class UpdateRosterMemberDto extends IntersectionType(
  RosterVersionDto,
  PartialType(CreateRosterMemberDto),
) {}

export class EndTermDto extends RosterVersionDto {
  @ApiProperty({ example: '2026-03-31', description: '任期の末日（退任日）' })
  @IsDay()
  termEnd: string;
}

export class ReorderRosterDto {
  @ApiProperty({ type: [String], description: '名簿の全委員の ID を、新しい名簿順に並べたもの' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds: string[];
}

export class LinkAccountDto extends RosterVersionDto {
  @ApiProperty({ description: '結び付ける利用者（役割が委員または会長のアカウント）' })
  @IsUUID()
  userId: string;
}

/** The account's username and optional initial password, as for any user (its role and name come from the roster). */
export class CreateMemberAccountDto extends IntersectionType(
  RosterVersionDto,
  PickType(CreateUserDto, ['username', 'initialPassword'] as const),
) {}

export class RosterMemberDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MEMBER_TITLES }) title: MemberTitle;
  @ApiProperty({ example: '委員' }) titleLabel: string;
  @ApiProperty({ nullable: true, type: String }) affiliation: string | null;
  @ApiProperty({ example: '2025-04-01' }) termStart: string;
  @ApiProperty({ example: '2027-03-31' }) termEnd: string;
  @ApiProperty({ description: '名簿順（1 から）' }) rosterOrder: number;
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ nullable: true, type: String, example: '委員' }) accountRoleLabel: string | null;
  @ApiProperty({ description: 'アカウントが利用停止中' }) accountDisabled: boolean;
  @ApiProperty({ description: '会議に出席者として記録されている（削除できない）' }) hasHistory: boolean;
  @ApiProperty() version: number;

  static from(e: RosterEntry): RosterMemberDto {
    const { member: m, account } = e;
    return {
      id: m.id,
      name: m.name,
      title: m.title,
      titleLabel: MEMBER_TITLE_LABELS[m.title],
      affiliation: m.affiliation,
      termStart: m.termStart,
      termEnd: m.termEnd,
      rosterOrder: m.rosterOrder,
      userId: m.userId,
      username: account?.username ?? null,
      accountRoleLabel: account ? ROLE_LABELS[account.role] : null,
      accountDisabled: account?.disabled ?? false,
      hasHistory: e.hasHistory,
      version: m.version,
    };
  }
}

export class CreatedMemberAccountDto {
  @ApiProperty({ type: RosterMemberDto }) member: RosterMemberDto;
  @ApiPropertyOptional({ description: '生成した仮パスワード（この応答でのみ表示）' })
  temporaryPassword?: string;
}
