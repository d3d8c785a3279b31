import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { AuthUser } from '../../auth/auth-user';
import type { TrackedChange } from '../minutes.service';
import {
  CONFIRMATION_CHANNEL_LABELS,
  CONFIRMATION_STATUS_LABELS,
  CORRECTION_STATUS_LABELS,
  MASK_STATUS_LABELS,
  type Minutes,
  type MinutesConfirmation,
  type MinutesCorrection,
  type MinutesMask,
} from '../minutes.entity';
import type { MergeWarning, MinutesLine } from '../minutes-lines';
import { minutesMachine, MINUTES_TRANSITIONS, type MinutesAction } from '../minutes-state-machine';
import {
  BooleanField,
  NonEmptyString,
  OneOf,
  OptionalIsoDate,
  OptionalOneOf,
  OptionalString,
} from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

export const MAX_LINE_LENGTH = 20_000;
export const PAGE_SIZE = 100;

// ---- requests ----

export class VersionDto {
  @ApiPropertyOptional({ description: '楽観的ロックのためのバージョン（読み込んだときの値）' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class EditLineDto extends VersionDto {
  @NonEmptyString(MAX_LINE_LENGTH, { maxLength: MAX_LINE_LENGTH }) text: string;
}

export class AddLineDto extends VersionDto {
  @OptionalString(200, { type: String, nullable: true, description: 'この行の後に追加する（省略時は末尾）' })
  afterKey?: string | null;
  @NonEmptyString(MAX_LINE_LENGTH, { maxLength: MAX_LINE_LENGTH }) text: string;
  @OptionalOneOf(['会長', '委員', '説明員', '事務局'], {
    enum: ['会長', '委員', '説明員', '事務局', null],
    nullable: true,
  })
  speakerRole?: '会長' | '委員' | '説明員' | '事務局' | null;
}

export class MinutesActionDto extends VersionDto {
  @OptionalIsoDate({ format: 'date', description: '委員の確認期限（確認依頼のとき）' }) deadline?: string;
  @OptionalString(2000, { maxLength: 2000, description: 'コメント（差戻しなどで必要）' }) comment?: string;
}

export class CorrectionItemDto {
  @NonEmptyString(200, { description: '修正する行のキー' }) lineKey: string;
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  comment: string;
  @OptionalString(MAX_LINE_LENGTH, { type: String, nullable: true, description: '修正後の文' })
  proposedText?: string | null;
}

export class CorrectionsDto {
  @ApiProperty({ type: () => [CorrectionItemDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CorrectionItemDto)
  corrections: CorrectionItemDto[];
}

/** An answer a member sent by post or on paper, entered by the secretariat. */
export class PaperAnswerDto {
  @ApiProperty({ description: '委員（council_member）の ID' })
  @IsUUID()
  councilMemberId: string;
  @OneOf(['confirmed', 'corrected'], { enum: ['confirmed', 'corrected'] }) result: 'confirmed' | 'corrected';
  @ApiProperty({ format: 'date', example: '2026-04-15', description: '受け取った日' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  receivedOn: string;
  @OptionalString(MAX_LINE_LENGTH, {
    type: String,
    nullable: true,
    description: '紙に書かれた修正（自由記述）',
  })
  corrections?: string | null;
}

export class DecisionDto {
  @BooleanField({ description: '採用する（true）か、しない（false）か' }) accept: boolean;
  @OptionalString(2000, { maxLength: 2000 }) note?: string;
  @OptionalString(100, { maxLength: 100, description: '墨消しの置き換え文字（墨消し候補のとき）' })
  replacement?: string;
  /** Accepting a correction received by post: the line it changes and the new text, as transcribed. */
  @OptionalString(100, { maxLength: 100, description: '紙の修正を採用するとき: 変更する行のキー' })
  lineKey?: string;
  @OptionalString(MAX_LINE_LENGTH, {
    maxLength: MAX_LINE_LENGTH,
    description: '紙の修正を採用するとき: 新しい文',
  })
  text?: string;
}

/** A change applied to a line while the round is open (修正箇所). */
export class TrackedChangeDto {
  @ApiProperty()
  lineKey: string;
  @ApiProperty({ type: Number, nullable: true })
  lineNo: number | null;
  @ApiProperty()
  textBefore: string;
  @ApiProperty()
  textAfter: string;
  /** The member who asked for it. */
  @ApiProperty()
  askedBy: string;
  @ApiProperty()
  acceptedAt: string;

  static from(c: TrackedChange): TrackedChangeDto {
    return { ...c, acceptedAt: c.acceptedAt.toISOString() };
  }
}

// ---- responses ----

export class MergeWarningDto {
  @ApiProperty() key: string;
  @ApiProperty({ enum: ['recordChangedAfterEdit', 'editedLineRemoved', 'anchorRemoved'] })
  kind: MergeWarning['kind'];
  @ApiProperty() message: string;
}

export class AllowedActionDto {
  @ApiProperty({ enum: Object.keys(MINUTES_TRANSITIONS) }) action: MinutesAction;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'コメントが必要か（差戻しなど）' }) needsComment: boolean;
}

export class MinutesLineDto {
  @ApiProperty()
  key: string;
  @ApiProperty()
  kind: string;
  @ApiProperty({ type: String, nullable: true })
  speakerRole: string | null;
  @ApiProperty({ type: String, nullable: true })
  speakerName: string | null;
  @ApiProperty()
  text: string;
  @ApiProperty()
  closed: boolean;
  @ApiProperty()
  source: string;
  @ApiProperty()
  sourceLabel: string;
  @ApiProperty({ type: String, nullable: true })
  generatedText: string | null;

  static from(l: MinutesLine): MinutesLineDto {
    return {
      ...pick(l, 'key', 'kind', 'speakerRole', 'speakerName', 'text', 'closed', 'source'),
      sourceLabel: { generated: '記録から作成', edited: '手修正', manual: '追加' }[l.source],
      generatedText: l.generatedText,
    };
  }
}

export class MinutesDto {
  @ApiProperty()
  id: string;
  @ApiProperty()
  meetingId: string;
  @ApiProperty()
  state: string;
  @ApiProperty()
  stateLabel: string;
  @ApiProperty()
  version: number;
  @ApiProperty({ type: String, nullable: true })
  deadline: string | null;
  @ApiProperty()
  round: number;
  @ApiProperty()
  lineCount: number;
  @ApiProperty()
  page: number;
  @ApiProperty()
  pageCount: number;
  @ApiProperty({ type: () => [MinutesLineDto] })
  lines: MinutesLineDto[];
  @ApiProperty({ type: () => [MergeWarningDto] })
  warnings: MergeWarning[];
  @ApiProperty()
  redactionPrepared: boolean;
  @ApiProperty({ type: String, nullable: true })
  publishedAt: string | null;
  @ApiProperty({ type: () => [AllowedActionDto] })
  allowedActions: { action: MinutesAction; label: string; needsComment: boolean }[];

  /** One page of lines (the editor never loads a whole 5,000-line document at once). */
  static from(m: Minutes, user: AuthUser, page = 1, size = PAGE_SIZE): MinutesDto {
    const pageCount = Math.max(1, Math.ceil(m.lines.length / size));
    const p = Math.min(Math.max(1, page), pageCount);
    return {
      ...pick(m, 'id', 'meetingId', 'state'),
      stateLabel: minutesMachine.label(m.state),
      ...pick(m, 'version', 'deadline', 'round'),
      lineCount: m.lines.length,
      page: p,
      pageCount,
      lines: m.lines.slice((p - 1) * size, p * size).map(MinutesLineDto.from),
      warnings: m.warnings,
      redactionPrepared: m.redactionPrepared,
      publishedAt: m.publishedAt?.toISOString() ?? null,
      allowedActions: minutesMachine.allowed(m.state, user.role).map((a) => ({
        action: a,
        label: MINUTES_TRANSITIONS[a].label,
        needsComment: Boolean(MINUTES_TRANSITIONS[a].requiresComment),
      })),
    };
  }
}

export class ConfirmationDto {
  @ApiProperty()
  id: string;
  @ApiProperty()
  councilMemberId: string;
  @ApiProperty()
  memberName: string;
  @ApiProperty()
  status: string;
  @ApiProperty()
  statusLabel: string;
  @ApiProperty({ type: String, nullable: true })
  respondedAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  remindedAt: string | null;
  @ApiProperty()
  hasAccount: boolean;
  /** `online` (answered in the system) or `paper` (by post, entered by the secretariat). */
  @ApiProperty()
  channel: string;
  @ApiProperty()
  channelLabel: string;
  @ApiProperty({ type: String, nullable: true })
  receivedOn: string | null;
  @ApiProperty({ type: String, nullable: true })
  recordedByName: string | null;

  static from(c: MinutesConfirmation): ConfirmationDto {
    return {
      ...pick(c, 'id', 'councilMemberId', 'memberName', 'status'),
      statusLabel: CONFIRMATION_STATUS_LABELS[c.status],
      respondedAt: c.respondedAt?.toISOString() ?? null,
      remindedAt: c.remindedAt?.toISOString() ?? null,
      hasAccount: Boolean(c.userId),
      channel: c.channel,
      channelLabel: CONFIRMATION_CHANNEL_LABELS[c.channel],
      receivedOn: c.receivedOn,
      recordedByName: c.recordedByName,
    };
  }
}

export class CorrectionDto {
  @ApiProperty()
  id: string;
  /** Null for a paper correction given as free text. */
  @ApiProperty({ type: String, nullable: true })
  lineKey: string | null;
  @ApiProperty({ type: String, nullable: true })
  originalText: string | null;
  @ApiProperty({ type: String, nullable: true })
  proposedText: string | null;
  @ApiProperty()
  comment: string;
  @ApiProperty()
  status: string;
  @ApiProperty()
  statusLabel: string;
  @ApiProperty({ type: String, nullable: true })
  memberName: string | null;
  @ApiProperty({ type: String, nullable: true })
  decisionNote: string | null;

  static from(c: MinutesCorrection, memberName: string | null = null): CorrectionDto {
    return {
      ...pick(c, 'id', 'lineKey', 'originalText', 'proposedText', 'comment', 'status'),
      statusLabel: CORRECTION_STATUS_LABELS[c.status],
      memberName,
      decisionNote: c.decisionNote,
    };
  }
}

export class MaskDto {
  @ApiProperty()
  id: string;
  @ApiProperty()
  lineKey: string;
  @ApiProperty()
  start: number;
  @ApiProperty()
  end: number;
  @ApiProperty()
  original: string;
  @ApiProperty()
  kind: string;
  @ApiProperty()
  reason: string;
  @ApiProperty()
  replacement: string;
  @ApiProperty()
  status: string;
  @ApiProperty()
  statusLabel: string;
  @ApiProperty({ type: String, nullable: true })
  allowedAs: string | null;

  static from(x: MinutesMask): MaskDto {
    return {
      ...pick(x, 'id', 'lineKey', 'start', 'end', 'original', 'kind', 'reason', 'replacement', 'status'),
      statusLabel: MASK_STATUS_LABELS[x.status],
      allowedAs: x.allowedAs,
    };
  }
}

export class AllowedNameDto {
  @NonEmptyString(100, { maxLength: 100 }) name: string;
  @NonEmptyString(50, { maxLength: 50 }) role: string;
}

export class RedactionSettingDto {
  @OneOf(['show', 'title'], { enum: ['show', 'title'], description: '説明員の氏名: 表示 / 職名に置き換え' })
  explainerNames: 'show' | 'title';
  @OneOf(['show', 'title'], { enum: ['show', 'title'], description: '事務局の氏名: 表示 / 職名に置き換え' })
  secretariatNames: 'show' | 'title';
  @ApiProperty({ type: () => [AllowedNameDto], description: '墨消ししない氏名' })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AllowedNameDto)
  allowList: AllowedNameDto[];
  @ApiProperty()
  @IsInt()
  version: number;

  static from(s: RedactionSettingDto): RedactionSettingDto {
    return {
      explainerNames: s.explainerNames,
      secretariatNames: s.secretariatNames,
      allowList: s.allowList.map((a) => ({ name: a.name, role: a.role })),
      version: s.version,
    };
  }
}

/** What a member confirms: the minutes, the member's own confirmation and the changes since the last round. */
export class MyMinutesDto {
  @ApiProperty({ type: () => MinutesDto }) minutes: MinutesDto;
  @ApiProperty({ type: () => ConfirmationDto }) confirmation: ConfirmationDto;
  @ApiProperty({ type: () => [TrackedChangeDto] }) changes: TrackedChangeDto[];
}
