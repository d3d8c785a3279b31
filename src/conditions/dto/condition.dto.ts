import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { CONDITION_STATE_LABELS, conditionMachine } from '../condition-state-machine';
import type { ConditionReport, ConditionReportAttachment, ConditionTransition } from '../condition.entity';
import type { ConditionRow } from '../conditions.service';
import type { AuthUser } from '../../auth/auth-user';
import { OptionalInt, TrimmedText } from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

export class FollowUpReportDto {
  @TrimmedText(8000, { description: '対応報告' }) body: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

export class ConditionDecisionDto {
  @TrimmedText(4000, { description: '事務局のコメント' }) comment: string;
  @OptionalInt(1) version?: number;
}

export class ConditionDto {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty() caseTitle: string;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) replyId: string | null;
  @ApiProperty() text: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) closingComment: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String] }) allowedActions: string[];

  static from(c: ConditionRow, user?: AuthUser): ConditionDto {
    return {
      ...pick(c, 'id', 'caseId', 'caseTitle', 'receiptNumber', 'replyId', 'text', 'departmentName'),
      ...pick(c, 'dueDate', 'state'),
      stateLabel: CONDITION_STATE_LABELS[c.state],
      ...pick(c, 'overdue', 'closingComment', 'version'),
      allowedActions: user ? conditionMachine.allowed(c.state, user.role) : [],
    };
  }
}

export class ConditionReportDto {
  @ApiProperty() id: string;
  @ApiProperty() body: string;
  @ApiProperty() submittedByName: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [Object] }) attachments: { id: string; filename: string; sizeBytes: number }[];

  static from(r: ConditionReport, attachments: ConditionReportAttachment[]): ConditionReportDto {
    return {
      ...pick(r, 'id', 'body', 'submittedByName'),
      createdAt: r.createdAt.toISOString(),
      attachments: attachments
        .filter((a) => a.reportId === r.id)
        .map((a) => ({ id: a.id, filename: a.filename, sizeBytes: a.sizeBytes })),
    };
  }
}

export class ConditionDetailDto extends ConditionDto {
  @ApiProperty({ type: [ConditionReportDto] }) reports: ConditionReportDto[];
  @ApiProperty({ type: [Object] }) history: {
    action: string;
    toStateLabel: string;
    actorName: string;
    comment: string | null;
    occurredAt: string;
  }[];

  static fromDetail(
    c: ConditionRow,
    reports: ConditionReport[],
    attachments: ConditionReportAttachment[],
    history: ConditionTransition[],
    user?: AuthUser,
  ): ConditionDetailDto {
    return {
      ...ConditionDto.from(c, user),
      reports: reports.map((r) => ConditionReportDto.from(r, attachments)),
      history: history.map((h) => ({
        action: h.action,
        toStateLabel: CONDITION_STATE_LABELS[h.toState as keyof typeof CONDITION_STATE_LABELS] ?? h.toState,
        actorName: h.actorName,
        comment: h.comment,
        occurredAt: h.occurredAt.toISOString(),
      })),
    };
  }
}
