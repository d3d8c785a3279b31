import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { formatReplyNumber, fiscalYearLabel } from '../../workflow/numbering';
import type { Reply, ReplyRevision, StandardCondition } from '../reply.entity';
import { REPLY_STATE_LABELS } from '../reply-state-machine';
import { REPLY_CONCLUSIONS, type ReplyDocument } from '../reply-document';
import {
  OptionalBoolean,
  OptionalIsoDate,
  OptionalNonEmptyText,
  OptionalString,
  TrimmedText,
  VersionField,
} from '../../common/validation/fields';
import { pick } from '../../common/format/pick';
import { SupplementaryOpinionsField } from '../../meetings/dto/deliberation.dto';

const REPLY_OUTCOMES = ['approved', 'approvedWithOpinion', 'rejected'] as const;

/** The reply list's precedent search. */
export class ReplyQueryDto {
  @OptionalString(200, {
    description:
      '全文検索（答申の本文・付帯意見、事案の内容・個人情報の項目・条例の根拠）。空白区切りはすべてを含む',
    example: '外部結合 氏名 住所',
  })
  q?: string;

  @ApiPropertyOptional({
    enum: REPLY_OUTCOMES,
    isArray: true,
    description: '答申の結論（カンマ区切りで複数可: approved,approvedWithOpinion）',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(REPLY_OUTCOMES, { each: true })
  outcome?: (typeof REPLY_OUTCOMES)[number][];
}

export class UpdateReplyDto {
  @VersionField() version: number;
  @OptionalIsoDate({ example: '2017-07-31' }) replyDate?: string;
  @OptionalNonEmptyText(200) addressee?: string;
  @OptionalNonEmptyText(200) sender?: string;
  @OptionalNonEmptyText(500) title?: string;
  @OptionalNonEmptyText(8000) body?: string;
  @SupplementaryOpinionsField({ type: [String] }) supplementaryOpinions?: string[];
  @OptionalIsoDate({ description: '付帯意見への対応期限' }) conditionDueDate?: string;
}

export class IssueReplyDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) version?: number;
}

export class StandardConditionDto {
  @TrimmedText(4000) text: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(10000) position?: number;
  @OptionalBoolean() active?: boolean;
}

/** An edit of a standard condition names the version it was based on (409 when stale). */
export class UpdateStandardConditionDto extends StandardConditionDto {
  @ApiProperty() @IsInt() @Min(1) @Max(1_000_000) version: number;
}

export class StandardConditionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty() text: string;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;

  static from(s: StandardCondition): StandardConditionResponseDto {
    return { id: s.id, position: s.position, text: s.text, active: s.active, version: s.version };
  }
}

export class ReplyRevisionDto {
  @ApiProperty() revision: number;
  @ApiProperty() issued: boolean;
  @ApiProperty() createdAt: string;
}

/** What the 答申書 prints. */
export class ReplyDocumentDto {
  @ApiProperty({ type: String, nullable: true }) numberLabel: string | null;
  @ApiProperty() dateLabel: string;
  @ApiProperty() addressee: string;
  @ApiProperty() sender: string;
  @ApiProperty() title: string;
  @ApiProperty() lead: string;
  @ApiProperty() caseTitle: string;
  @ApiProperty({ type: String, nullable: true }) receiptNumber: string | null;
  @ApiProperty() conclusion: string;
  @ApiProperty({ type: [String] }) supplementaryOpinions: string[];
  @ApiProperty({ type: [String] }) standardConditions: string[];
  @ApiProperty() draft: boolean;
  @ApiProperty() confidentialityLevel: number;
}

export class ReplyDto {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ nullable: true, type: String }) caseTitle: string | null;
  @ApiProperty() agendaItemId: string;
  @ApiProperty() state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ nullable: true, type: String, description: '答申第N号' }) numberLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) fiscalYearLabel: string | null;
  @ApiProperty({ enum: ['fiscalYear', 'continuous'], description: '年度ごと / 通し番号' }) numbering: string;
  @ApiProperty() replyDate: string;
  @ApiProperty() addressee: string;
  @ApiProperty() sender: string;
  @ApiProperty() title: string;
  @ApiProperty() outcome: string;
  @ApiProperty() conclusion: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: [String] }) standardConditions: string[];
  @ApiProperty({ type: [String] }) supplementaryOpinions: string[];
  @ApiProperty({ nullable: true, type: String }) conditionDueDate: string | null;
  @ApiProperty({ nullable: true, type: String }) issuedAt: string | null;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ type: () => [ReplyRevisionDto], description: '版の履歴（1 件取得のときだけ）' })
  revisions?: ReplyRevisionDto[];
  @ApiPropertyOptional({
    type: () => ReplyDocumentDto,
    description: '答申書の差し込みデータ（1 件取得のときだけ）',
  })
  document?: ReplyDocument;

  static from(
    r: Reply,
    extra: { caseTitle?: string; revisions?: ReplyRevision[]; document?: ReplyDocument } = {},
  ): ReplyDto {
    return {
      id: r.id,
      caseId: r.caseId,
      caseTitle: extra.caseTitle ?? null,
      agendaItemId: r.agendaItemId,
      state: r.state,
      stateLabel: REPLY_STATE_LABELS[r.state],
      numberLabel: r.number ? formatReplyNumber(r.number) : null,
      fiscalYearLabel: r.fiscalYear ? fiscalYearLabel(r.fiscalYear) : null,
      ...pick(r, 'numbering', 'replyDate', 'addressee', 'sender', 'title', 'outcome'),
      conclusion: REPLY_CONCLUSIONS[r.outcome],
      ...pick(r, 'body', 'standardConditions', 'supplementaryOpinions', 'conditionDueDate'),
      issuedAt: r.issuedAt?.toISOString() ?? null,
      version: r.version,
      ...(extra.revisions
        ? {
            revisions: extra.revisions.map((v) => ({
              revision: v.revision,
              issued: v.issued,
              createdAt: v.createdAt.toISOString(),
            })),
          }
        : {}),
      ...(extra.document ? { document: extra.document } : {}),
    };
  }
}
