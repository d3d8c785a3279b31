import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import type { AuthUser } from '../../auth/auth-user';
import { NotBlank, OptionalPlainText, TextLimit } from '../../cases/dto/text';
import { INCIDENT_KIND_LABELS, INCIDENT_KINDS, type IncidentKind } from '../incident.entity';
import { INCIDENT_STATE_LABELS, incidentMachine, type IncidentAction } from '../incident-state-machine';
import type { IncidentView } from '../incidents.service';
import {
  OneOf,
  OptionalBoolean,
  OptionalOneOf,
  OptionalTrimmedText,
  OptionalUuid,
  OptionalWholeNumber,
  trim,
} from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

/** A calendar day, YYYY-MM-DD, that exists (2026-02-30 does not). */
function IsDay() {
  return ValidateBy({
    name: 'isDay',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
      defaultMessage: () => '日付を年-月-日（例：2026-10-01）で入力してください',
    },
  });
}

const TEXT = 8000;

/** One of the facts written out in text (at most TEXT characters), trimmed. */
const FactText = (description: string) => OptionalPlainText(TEXT, { description });

/** 件名, 発覚日 and 種類: required on create, optional (unchanged when absent) on an edit. */
const TitleField = (required: boolean) =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({ description: '件名（概要）', maxLength: 200 }),
    Transform(trim),
    ...(required ? [] : [IsOptional()]),
    IsString({ message: '件名を入力してください' }),
    NotBlank('件名を入力してください'),
    TextLimit(200),
  );
const DiscoveredOnField = (required: boolean) =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({
      description: '発覚日（報告期限の起算日）',
      example: '2026-10-01',
    }),
    ...(required ? [] : [IsOptional()]),
    IsDay(),
  );
const KindField = (required: boolean) =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({ description: '事態の種類', enum: INCIDENT_KINDS }),
    ...(required ? [] : [IsOptional()]),
    IsIn(INCIDENT_KINDS, { message: '事態の種類を選んでください' }),
  );

/** The facts a department records beside 件名, 発覚日 and 種類 (absent: unchanged on an edit, null: cleared). */
class IncidentFacts {
  @ApiPropertyOptional({ description: '発生日（判明している場合）', nullable: true, type: String })
  @IsOptional()
  @IsDay()
  occurredOn?: string | null;

  @OptionalWholeNumber(0, 100_000_000, {
    description: '本人の数（不明の場合は null）',
    nullable: true,
    type: Number,
  })
  personsAffected?: number | null;

  @OptionalBoolean({ description: '本人の数が概数である' }) personsApproximate?: boolean;

  @FactText('漏えい等が発生した保有個人情報の項目') dataItems?: string;

  @OptionalBoolean({ description: '要配慮個人情報が含まれる' }) includesSensitive?: boolean;

  @OptionalBoolean({ description: '不正に利用されることにより財産的被害が生じるおそれがある' })
  financialDamageRisk?: boolean;

  @OptionalBoolean({ description: '不正の目的をもって行われたおそれがある' }) unlawfulPurpose?: boolean;

  @OptionalBoolean({ description: '条例要配慮個人情報が含まれる（条例で定めている場合）' })
  includesOrdinanceSensitive?: boolean;

  @FactText('原因') cause?: string;

  @FactText('講じた措置（二次被害の防止等）') measures?: string;

  @FactText('再発防止策') prevention?: string;

  @ApiPropertyOptional({ description: '本人通知を行った日（未実施は null）', nullable: true, type: String })
  @IsOptional()
  @IsDay()
  notifiedOn?: string | null;
}

export class CreateIncidentDto extends IncidentFacts {
  @TitleField(true) title: string;
  @DiscoveredOnField(true) discoveredOn: string;
  @KindField(true) kind: IncidentKind;

  @OptionalUuid({ description: '担当課（事務局が登録するときに指定。課の職員は自課）' })
  departmentId?: string;
}

export class UpdateIncidentDto extends IncidentFacts {
  @TitleField(false) title?: string;
  @DiscoveredOnField(false) discoveredOn?: string;
  @KindField(false) kind?: IncidentKind;

  @ApiProperty({ description: '読み込んだときの版（他の利用者の更新との衝突の検出）' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

export class RecordReportDto {
  @ApiProperty({
    description: '報告の段階（preliminary: 速報, final: 確報）',
    enum: ['preliminary', 'final'],
  })
  @IsIn(['preliminary', 'final'], { message: '速報か確報かを選んでください' })
  stage: 'preliminary' | 'final';

  @ApiProperty({ description: '個人情報保護委員会に報告した日', example: '2026-10-03' })
  @IsDay()
  reportedOn: string;

  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) version: number;
}

export class IncidentTransitionDto {
  @OneOf(incidentMachine.actions, { description: '操作', enum: ['investigate', 'resolve', 'reopen'] })
  action: IncidentAction;

  @OptionalTrimmedText(4000, { description: '理由（調査再開のとき必須）' }) comment?: string;

  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) version: number;
}

export class IncidentListQueryDto {
  @OptionalWholeNumber(1989, 2100, { description: '年度（発覚日で数える。例：2026 = 令和8年度）' })
  fiscalYear?: number;

  @OptionalUuid({ description: '担当課' }) departmentId?: string;

  @OptionalOneOf(['true', 'false'], { description: '報告義務の有無', enum: ['true', 'false'] }) duty?:
    | 'true'
    | 'false';

  @OptionalOneOf(['true', 'false'], { description: '期限超過のみ', enum: ['true', 'false'] }) overdue?:
    | 'true'
    | 'false';
}

export class FiscalYearQueryDto {
  @ApiProperty({ description: '年度（例：2026 = 令和8年度）' })
  @Type(() => Number)
  @IsInt()
  @Min(1989)
  @Max(2100)
  fiscalYear: number;
}

export class DeadlineDto {
  @ApiProperty({ example: '2026-10-31' }) date: string;
  @ApiProperty({ example: '令和8年10月31日' }) label: string;
}

export class ReportingDutyDto {
  @ApiProperty({ description: '個人情報保護委員会への報告義務がある（法第68条第1項）' }) required: boolean;
  @ApiProperty({ description: '該当する規則第43条の号', type: [String] }) grounds: string[];
  @ApiProperty({ description: '理由（規則の条項を示す）', type: [String] }) reasons: string[];
  @ApiProperty({ description: '判断の注意点', type: [String] }) caveats: string[];
  @ApiProperty({ nullable: true, type: String, example: '速やかに（目安：発覚から3〜5日）' })
  preliminaryLabel: string | null;
  @ApiProperty({ nullable: true, type: DeadlineDto }) preliminaryTargetFrom: DeadlineDto | null;
  @ApiProperty({ nullable: true, type: DeadlineDto }) preliminaryTargetTo: DeadlineDto | null;
  @ApiProperty({ nullable: true, type: String }) preliminaryReportedOn: string | null;
  @ApiProperty() preliminaryOverdue: boolean;
  @ApiProperty({ nullable: true, type: DeadlineDto, description: '確報の期限' }) finalDue: DeadlineDto | null;
  @ApiProperty({ nullable: true, type: Number, description: '確報の期限の日数（30 または 60）' })
  finalDays: number | null;
  @ApiProperty({ nullable: true, type: String }) finalReportedOn: string | null;
  @ApiProperty() finalOverdue: boolean;
}

export class IncidentDto {
  @ApiProperty() id: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() title: string;
  @ApiProperty() discoveredOn: string;
  @ApiProperty({ nullable: true, type: String }) occurredOn: string | null;
  @ApiProperty({ enum: INCIDENT_KINDS }) kind: string;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ nullable: true, type: Number }) personsAffected: number | null;
  @ApiProperty() personsApproximate: boolean;
  @ApiProperty({ description: '本人の数（表示用：不明、約150人 など）' }) personsLabel: string;
  @ApiProperty() dataItems: string;
  @ApiProperty() includesSensitive: boolean;
  @ApiProperty() financialDamageRisk: boolean;
  @ApiProperty() unlawfulPurpose: boolean;
  @ApiProperty() includesOrdinanceSensitive: boolean;
  @ApiProperty() cause: string;
  @ApiProperty() measures: string;
  @ApiProperty() prevention: string;
  @ApiProperty({ nullable: true, type: String }) notifiedOn: string | null;
  @ApiProperty({ enum: ['received', 'investigating', 'resolved'] }) state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ type: ReportingDutyDto }) duty: ReportingDutyDto;
  @ApiProperty({ description: '速報または確報の期限を過ぎて未報告' }) overdue: boolean;
  @ApiProperty({ type: [String] }) allowedActions: string[];
  @ApiProperty() version: number;

  static from(v: IncidentView, user?: AuthUser): IncidentDto {
    const { incident: i, duty } = v;
    return {
      ...pick(i, 'id', 'departmentId', 'departmentName', 'title', 'discoveredOn', 'occurredOn', 'kind'),
      kindLabel: INCIDENT_KIND_LABELS[i.kind],
      personsAffected: i.personsAffected,
      personsApproximate: i.personsApproximate,
      personsLabel: personsLabel(i.personsAffected, i.personsApproximate),
      ...pick(i, 'dataItems', 'includesSensitive', 'financialDamageRisk', 'unlawfulPurpose'),
      ...pick(i, 'includesOrdinanceSensitive', 'cause', 'measures', 'prevention', 'notifiedOn', 'state'),
      stateLabel: INCIDENT_STATE_LABELS[i.state],
      duty: {
        ...pick(duty, 'required', 'grounds', 'reasons', 'caveats'),
        preliminaryLabel: duty.preliminary?.label ?? null,
        preliminaryTargetFrom: duty.preliminary?.targetFrom ?? null,
        preliminaryTargetTo: duty.preliminary?.targetTo ?? null,
        preliminaryReportedOn: i.preliminaryReportedOn,
        preliminaryOverdue: duty.preliminary?.overdue ?? false,
        finalDue: duty.final?.due ?? null,
        finalDays: duty.final?.days ?? null,
        finalReportedOn: i.finalReportedOn,
        finalOverdue: duty.final?.overdue ?? false,
      },
      overdue: duty.overdue,
      allowedActions: user ? incidentMachine.allowed(i.state, user.role) : [],
      version: i.version,
    };
  }
}

/** 不明 / 約150人 / 3人 */
export function personsLabel(count: number | null, approximate: boolean): string {
  if (count === null) return '不明';
  return `${approximate ? '約' : ''}${count.toLocaleString('ja-JP')}人`;
}

export class CountDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

/** The figures of 「個人情報事故等の状況」 for a period (what the standing report prints). */
export class IncidentFiguresDto {
  @ApiProperty({ example: '2026-04-01' }) from: string;
  @ApiProperty({ example: '2027-03-31' }) to: string;
  @ApiProperty({ description: '件数' }) total: number;
  @ApiProperty({ type: [CountDto], description: '事態の種類別' }) byKind: CountDto[];
  @ApiProperty({ type: [CountDto], description: '担当課別' }) byDepartment: CountDto[];
  @ApiProperty({ description: '報告義務があるもの' }) reportable: number;
  @ApiProperty({ description: '個人情報保護委員会に報告したもの（速報済み）' }) reportedToCommission: number;
  @ApiProperty({ description: '本人の数の合計（判明分）' }) personsAffected: number;
  @ApiProperty({ description: '本人の数が不明のもの' }) personsUnknown: number;
  @ApiProperty({ type: [IncidentDto] }) incidents: IncidentDto[];
}
