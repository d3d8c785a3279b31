import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATES } from '../../workflow/case-state-machine';

export class CaseStateCountDto {
  @ApiProperty({ enum: CASE_STATES }) state: string;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

export class DurationStatsDto {
  @ApiProperty() count: number;
  @ApiProperty({ type: Number, nullable: true }) medianDays: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxDays: number | null;
}

export class OverdueConditionDto {
  @ApiProperty() id: string;
  @ApiProperty() caseTitle: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() dueDate: string;
}

export class TitledRefDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

export class NextMeetingDto {
  @ApiProperty() id: string;
  @ApiProperty() number: number;
  @ApiProperty() startsAt: string;
  @ApiProperty() state: string;
  @ApiProperty({ description: '議事の数' }) items: number;
  @ApiProperty({ type: () => [TitledRefDto] }) itemsWithoutMaterials: TitledRefDto[];
}

/** The secretariat's figures (dashboard). */
export class SecretariatKpisDto {
  @ApiProperty({ type: () => [CaseStateCountDto] }) casesByState: CaseStateCountDto[];
  @ApiProperty({ description: '受付待ちの件数' }) intakeQueue: number;
  @ApiProperty({ type: () => DurationStatsDto }) submissionToAcceptance: DurationStatsDto;
  @ApiProperty({ type: () => DurationStatsDto }) submissionToReply: DurationStatsDto;
  @ApiProperty({ type: () => [OverdueConditionDto] }) overdueConditions: OverdueConditionDto[];
  @ApiProperty() openConditions: number;
  @ApiProperty({ type: () => NextMeetingDto, nullable: true }) nextMeeting: NextMeetingDto | null;
}
