import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  ENTRY_PHASES,
  OUTCOMES,
  SPEAKER_ROLES,
  VOTE_METHODS,
  type EntryPhase,
  type Outcome,
  type SpeakerRole,
  type VoteMethod,
} from '../agenda-item.entity';
import {
  OneOf,
  OptionalInt,
  OptionalOneOf,
  OptionalTrimmedText,
  stack,
  trim,
  TrimmedText,
} from '../../common/validation/fields';

export class AddEntryDto {
  @OptionalOneOf(ENTRY_PHASES, { enum: ENTRY_PHASES, default: 'qa' }) phase?: EntryPhase;
  @OneOf(SPEAKER_ROLES, { enum: SPEAKER_ROLES }) speakerRole: SpeakerRole;
  @OptionalTrimmedText(100, { example: '清水課長' }) speakerName?: string;
  @TrimmedText(10000) text: string;
}

/** 付帯意見, one text each: at most 20, each at most 4,000 characters. */
export const SupplementaryOpinionsField = (api: ApiPropertyOptions) =>
  stack(
    ApiPropertyOptional(api),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    MaxLength(4000, { each: true }),
  );

export class RecordOutcomeDto {
  @OptionalInt(1) version?: number;
  @OneOf(OUTCOMES, { enum: OUTCOMES }) outcome: Outcome;
  @OptionalOneOf(VOTE_METHODS, { enum: VOTE_METHODS }) voteMethod?: VoteMethod;
  @OptionalInt(0) votesFor?: number;
  @OptionalInt(0) votesAgainst?: number;
  @OptionalInt(0) abstentions?: number;
  @SupplementaryOpinionsField({ type: [String], description: '付帯意見（1 件ずつ）' })
  supplementaryOpinions?: string[];
  @OptionalTrimmedText(4000) withdrawalReason?: string;
  @OptionalTrimmedText(200) explainedBy?: string;
}

export class PostQuestionDto {
  @ApiProperty() @IsUUID() agendaItemId: string;
  @TrimmedText(4000) text: string;
}

export class AnswerQuestionDto {
  @TrimmedText(8000) answer: string;
}

export class CorrectOutcomeDto extends RecordOutcomeDto {
  @ApiProperty({ description: '訂正の理由（必須）' })
  @Transform(trim)
  @IsString({ message: '訂正の理由を入力してください' })
  @IsNotEmpty({ message: '訂正の理由を入力してください' })
  @MaxLength(4000)
  reason: string;
}
