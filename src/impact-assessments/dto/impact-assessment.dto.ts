import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { FilledText, OptionalPlainText, PlainText } from '../../cases/dto/text';
import { CHECK_RESULTS, type CheckResult } from '../impact-assessment.entity';
import { stack, VersionField } from '../../common/validation/fields';

/** Multipart fields (the request with its 評価書) arrive as strings: '123' → 123, 'true' → true. */
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** A required day as YYYY-MM-DD, refused with messages naming the field (`label`). */
const DayField = (label: string, api: ApiPropertyOptions) =>
  stack(
    ApiProperty(api),
    IsString({ message: `${label}を入力してください` }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${label}を YYYY-MM-DD の形式で入力してください` }),
  );

/** A number of persons: a whole number from 0 to `max`, refused with one message naming the field. */
function PersonCount(label: string, max: number) {
  return ValidateBy({
    name: 'personCount',
    validator: {
      validate: (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max,
      defaultMessage: () => `${label}は 0 以上 ${max.toLocaleString('ja-JP')} 以下の整数で入力してください`,
    },
  });
}

/** The facts the department enters; the しきい値判断 is computed from them. */
export class AssessmentFactsDto {
  @FilledText(200, '事務の名称を入力してください', {
    description: '評価の対象となる事務の名称',
    maxLength: 200,
  })
  affairName: string;

  @FilledText(200, '特定個人情報ファイルの名称を入力してください', {
    description: '特定個人情報ファイルの名称',
    maxLength: 200,
  })
  fileName: string;

  @ApiProperty({ description: '対象人数（人）', minimum: 0 })
  @Transform(toInt)
  @PersonCount('対象人数', 200_000_000)
  targetCount: number;

  @ApiProperty({ description: '取扱者数（人）', minimum: 0 })
  @Transform(toInt)
  @PersonCount('取扱者数', 10_000_000)
  handlerCount: number;

  @ApiProperty({ description: '過去1年以内の特定個人情報に関する重大事故の有無' })
  @Transform(toBool)
  @IsBoolean({ message: '重大事故の有無を選んでください' })
  seriousIncident: boolean;

  @DayField('評価実施日', { description: '評価実施日（YYYY-MM-DD）', example: '2026-11-30' })
  evaluatedOn: string;
}

export class CreateImpactAssessmentDto extends AssessmentFactsDto {
  @OptionalPlainText(200, { description: '担当係' }) sectionName?: string;

  @OptionalPlainText(200, { description: '担当者' }) contactName?: string;

  @OptionalPlainText(50, { description: '内線' }) extension?: string;
}

export class UpdateImpactAssessmentDto extends AssessmentFactsDto {
  @VersionField({ description: '表示した時点の版（楽観的ロック）' }) version: number;
}

export class CheckItemInputDto {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty({
    enum: CHECK_RESULTS,
    nullable: true,
    description: '確認済 / 指摘あり / 該当なし（未点検は null）',
  })
  @IsOptional()
  @IsIn(CHECK_RESULTS, { message: '点検結果を選んでください' })
  result: CheckResult | null;
  @PlainText(4000, { description: 'コメント' }) comment: string;
}

export class SaveChecklistDto {
  @ApiProperty({ type: [CheckItemInputDto] })
  @ValidateNested({ each: true })
  @Type(() => CheckItemInputDto)
  @ArrayMaxSize(200)
  items: CheckItemInputDto[];

  @OptionalPlainText(8000, { description: '点検の結論（点検結果書に記載）' }) conclusion?: string;

  @VersionField({ description: '表示した時点の版（楽観的ロック）' }) version: number;
}

export class CreateFindingDto {
  @FilledText(4000, '指摘事項を入力してください', { description: '指摘事項' })
  text: string;

  @ApiPropertyOptional({ description: '関係する点検項目', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: '点検項目を選び直してください' })
  checkItemId?: string | null;
}

export class FindingAnswerDto {
  @FilledText(8000, '回答を入力してください', { description: '担当課の回答（対応の内容）' })
  answer: string;
  @VersionField() version: number;
}

export class FindingDecisionDto {
  @OptionalPlainText(4000, { description: '事務局のコメント（再回答の依頼には必須）' }) comment?: string;
  @VersionField() version: number;
}

export class SignificantChangeDto {
  @DayField('変更の日', { description: '重要な変更の日（YYYY-MM-DD）' }) changedOn: string;
  @FilledText(4000, '変更の内容を入力してください', { description: '変更の内容' })
  note: string;
}

// ---- responses ----

export class ThresholdDto {
  @ApiProperty({ enum: ['none', 'basic', 'basicAndPriority', 'basicAndFull'] }) level: string;
  @ApiProperty({ description: 'しきい値判断の結果' }) label: string;
  @ApiProperty({ type: [String], description: '実施する評価（basic / priority / full）' })
  evaluations: string[];
  @ApiProperty({ type: [String] }) evaluationLabels: string[];
  @ApiProperty({ description: '第三者点検が必要か（全項目評価）' }) councilReviewRequired: boolean;
  @ApiProperty({ description: '住民等の意見聴取が必要か（全項目評価）' }) publicCommentRequired: boolean;
  @ApiProperty() reason: string;
}

export class ReassessmentDto {
  @ApiProperty({ description: '再評価の期限（評価実施日から5年）' }) dueOn: string;
  @ApiProperty({ enum: ['current', 'dueSoon', 'overdue', 'significantChange'] }) state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ nullable: true, type: String }) significantChangeOn: string | null;
  @ApiProperty({ nullable: true, type: String }) significantChangeNote: string | null;
}

export class ImpactAssessmentSummaryDto {
  @ApiProperty({ description: '事案の ID（点検は事案として扱われる）' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty() status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() affairName: string;
  @ApiProperty() fileName: string;
  @ApiProperty() evaluatedOn: string;
  @ApiProperty({ type: ThresholdDto }) threshold: ThresholdDto;
  @ApiProperty({ type: ReassessmentDto }) reassessment: ReassessmentDto;
  @ApiProperty({ description: '未完了の指摘事項の数' }) openFindings: number;
}

export class CheckItemDto {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty() section: string;
  @ApiProperty() label: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'confirmed（確認済）/ finding（指摘あり）/ notApplicable（該当なし）。未点検は null',
  })
  result: string | null;
  @ApiProperty({ nullable: true, type: String }) resultLabel: string | null;
  @ApiProperty() comment: string;
}

export class FindingDto {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, type: String }) checkItemId: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ enum: ['open', 'answered', 'accepted'] }) state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ nullable: true, type: String }) answeredByName: string | null;
  @ApiProperty({ nullable: true, type: String }) answeredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionComment: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], description: 'この利用者が行える操作' }) allowedActions: string[];
}

export class AssessmentDocumentDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() sizeBytes: number;
}

export class ImpactAssessmentDto extends ImpactAssessmentSummaryDto {
  @ApiProperty() targetCount: number;
  @ApiProperty() handlerCount: number;
  @ApiProperty() seriousIncident: boolean;
  @ApiProperty() conclusion: string;
  @ApiProperty({ description: '評価の版（楽観的ロック）' }) version: number;
  @ApiProperty({ type: [AssessmentDocumentDto], description: '添付された評価書' })
  documents: AssessmentDocumentDto[];
  @ApiProperty({ type: [CheckItemDto] }) checklist: CheckItemDto[];
  @ApiProperty({ type: [FindingDto] }) findings: FindingDto[];
  @ApiProperty({ description: '評価の内容を変更できるか（担当課、作成中・差戻し）' }) editable: boolean;
  @ApiProperty({ description: '点検を行えるか（事務局、受付後）' }) reviewOpen: boolean;
}
