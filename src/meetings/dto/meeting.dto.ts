import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsUUID, Min, ValidateIf } from 'class-validator';
import {
  OneOf,
  OptionalInt,
  OptionalIsoDate,
  OptionalNonEmptyText,
  OptionalString,
  OptionalTrimmedText,
  OptionalUuid,
  TrimmedText,
  VersionField,
} from '../../common/validation/fields';

export class CreateMeetingDto {
  @ApiProperty({ example: 70, description: '第N回' })
  @IsInt()
  @Min(1)
  number: number;

  @ApiProperty({ example: '2017-07-21T14:00:00+09:00' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @OptionalIsoDate({ example: '2017-07-21T16:10:00+09:00' }) endsAt?: string;

  @TrimmedText(200, { example: '市役所 4階 議会会議室' }) place: string;
}

export class UpdateMeetingDto {
  @VersionField() version: number;
  @OptionalInt(1) number?: number;
  @OptionalIsoDate() startsAt?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null && v !== '')
  @IsISO8601({ strict: true })
  endsAt?: string | null;
  @OptionalNonEmptyText(200) place?: string;
  @OptionalString(4000, { description: 'その他' }) otherNotes?: string;
}

export class MeetingActionDto {
  @OptionalInt(1) version?: number;
}

export class SetAttendanceDto {
  @ApiProperty() @IsUUID() councilMemberId: string;
  @OneOf(['present', 'absent', 'expected'], { enum: ['present', 'absent', 'expected'] }) attendance:
    | 'present'
    | 'absent'
    | 'expected';
}

export class AddStaffDto {
  @OneOf(['secretariat', 'explainer'], { enum: ['secretariat', 'explainer'] }) category:
    | 'secretariat'
    | 'explainer';

  @TrimmedText(100, { example: '清水' }) name: string;
  @OptionalTrimmedText(100, { example: '課長' }) position?: string;
  @OptionalUuid() departmentId?: string;
  @OptionalUuid({ description: '説明員が説明する議題' }) agendaItemId?: string;
  @OptionalInt(0) sortOrder?: number;
}
