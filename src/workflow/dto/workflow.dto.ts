import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, Matches, Min } from 'class-validator';
import type { AuthUser } from '../../auth/auth-user';
import type { CaseFile } from '../../cases/case-file.entity';
import { CASE_STATE_LABELS, caseMachine, MANUAL_CASE_ACTIONS, type CaseState } from '../case-state-machine';
import type { CaseTransition } from '../case-transition.entity';
import type { IntakeRow } from '../workflow.service';
import { OptionalTrimmedText } from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

export class CaseActionDto {
  @OptionalTrimmedText(4000, { description: '理由・コメント（差戻し・取下げでは必須）' }) comment?: string;

  @ApiPropertyOptional({ description: '画面に表示していた事案のバージョン（楽観的ロック）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    description:
      '受付のみ: 受付日（過去の記録を登録するとき。今日より後は不可）。受付番号はその日の年度で採番',
    example: '2017-06-20',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '日付は YYYY-MM-DD の形式で入力してください' })
  receivedOn?: string;
}

export class CaseWorkflowDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() departmentId: string;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ enum: ['consultation', 'report'] }) procedure: string;
  @ApiProperty() status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], description: 'この利用者がこの画面から行える操作' })
  allowedActions: string[];

  static from(c: CaseFile, user?: AuthUser): CaseWorkflowDto {
    const state = c.status;
    const own = user && (user.role !== 'clerk' || user.departmentId === c.departmentId);
    return {
      ...pick(c, 'id', 'title', 'departmentId'),
      departmentName: c.department?.name ?? null,
      procedure: c.procedure,
      status: c.status,
      statusLabel: CASE_STATE_LABELS[state] ?? c.status,
      receiptNumber: c.receiptNumber,
      version: c.version,
      allowedActions:
        user && own
          ? caseMachine.allowed(state, user.role).filter((a) => MANUAL_CASE_ACTIONS.includes(a))
          : [],
    };
  }
}

export class CaseTransitionDto {
  @ApiProperty() action: string;
  @ApiProperty() actionLabel: string;
  @ApiProperty() fromState: string;
  @ApiProperty() toState: string;
  @ApiProperty() toStateLabel: string;
  @ApiProperty() actorName: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() occurredAt: string;

  static from(t: CaseTransition): CaseTransitionDto {
    const rule = caseMachine.table[t.action as keyof typeof caseMachine.table];
    return {
      action: t.action,
      actionLabel: rule?.label ?? t.action,
      fromState: t.fromState,
      toState: t.toState,
      toStateLabel: CASE_STATE_LABELS[t.toState as CaseState] ?? t.toState,
      ...pick(t, 'actorName', 'actorRole', 'comment'),
      occurredAt: t.occurredAt.toISOString(),
    };
  }
}

export class IntakeItemDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() procedure: string;
  @ApiProperty() version: number;
  @ApiProperty() departmentName: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty() resubmitted: boolean;

  static from(r: IntakeRow): IntakeItemDto {
    return {
      ...pick(r, 'id', 'title', 'procedure', 'version', 'departmentName'),
      submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
      submittedBy: r.submittedBy,
      resubmitted: r.submitAction === 'resubmit',
    };
  }
}
