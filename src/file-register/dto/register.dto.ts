import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateBy,
} from 'class-validator';
import { FilledText, LONG_TEXT, MEDIUM_TEXT, PlainText, SHORT_TEXT, TextLimit } from '../../cases/dto/text';
import {
  ENTRY_STATUS_LABELS,
  EXCLUSION_LABELS,
  EXCLUSIONS,
  FIELD_LABELS,
  FILE_TYPE_LABELS,
  FILE_TYPES,
  REGISTER_KIND_LABELS,
  REGISTER_KINDS,
  type EntryStatus,
  type Exclusion,
  type FileType,
  type RegisterFields,
  type RegisterKind,
} from '../register-fields';
import type { EntryRow, HistoryRow, ProposalRow, RegisterChangeRow } from '../register-queries';
import { BooleanField, OneOf, OptionalNested, OptionalOneOf } from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

const trimList = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '')
    : value;
const emptyToNull = ({ value }: { value: unknown }) => (value === '' ? null : value);

/** The version the client read (optimistic locking: a stale one gets 409). */
const ReadVersion = () =>
  applyDecorators(
    ApiProperty({ description: '読み込んだときの版（楽観的排他）' }),
    Type(() => Number),
    IsInt(),
    Min(1),
  );

/** A text of the register that must be filled in; `message` when it is blank. */
const Filled = (description: string, max: number, message = `${description}を入力してください`) =>
  FilledText(max, message, { description, maxLength: max });

/** A text of the register that may be left empty. */
const Plain = (description: string, max: number) => PlainText(max, { description, maxLength: max });

/** A required reason (of a change, a publication, a rejection), its label in the message. */
const Reason = (label: string) => Filled(label, MEDIUM_TEXT);

/** A list with at least one non-blank item. */
function NotBlankList(message: string) {
  return ValidateBy({
    name: 'notBlankList',
    validator: {
      validate: (v: unknown) => Array.isArray(v) && v.some((x) => typeof x === 'string' && x.trim() !== ''),
      defaultMessage: () => message,
    },
  });
}

/** The 法第74条 fields as entered (the entry form and the confirmation of a proposal). */
export class RegisterFieldsDto implements RegisterFields {
  @Filled('個人情報ファイルの名称', SHORT_TEXT) name: string;

  @Filled('利用目的', MEDIUM_TEXT) purpose: string;

  @ApiProperty({ description: '記録項目', type: [String] })
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @TextLimit(SHORT_TEXT, true)
  @NotBlankList('記録項目を1つ以上入力してください')
  recordItems: string[];

  @Filled('記録範囲（本人として記録される個人の範囲）', MEDIUM_TEXT) recordScope: string;

  @Plain('記録情報の収集方法', MEDIUM_TEXT) collectionMethod: string;

  @BooleanField({ description: '要配慮個人情報が含まれるか' }) sensitive: boolean;

  @Plain('記録情報の経常的提供先（なければ空）', MEDIUM_TEXT) regularRecipients: string;

  @Filled(
    '開示請求等を受理する組織の名称及び所在地',
    MEDIUM_TEXT,
    '開示請求等を受理する組織の名称を入力してください',
  )
  requestOffice: string;

  @Plain('訂正・利用停止に関する他の法令の規定による特別の手続（なければ空）', LONG_TEXT)
  specialProcedures: string;

  @OneOf(FILE_TYPES, { description: 'ファイルの種別', enum: FILE_TYPES }) fileType: FileType;

  @ApiProperty({
    description: 'ファイル簿に掲載しない理由（法第75条。掲載するときは null）',
    enum: [...EXCLUSIONS, null],
    nullable: true,
    type: String,
  })
  @Transform(emptyToNull)
  @IsOptional()
  @IsIn(EXCLUSIONS)
  exclusion: Exclusion | null;

  @Plain('掲載しない理由の補足', MEDIUM_TEXT) exclusionNote: string;
}

export class CreateEntryDto extends RegisterFieldsDto {
  @OptionalOneOf(REGISTER_KINDS, { description: '登録簿の種類', enum: REGISTER_KINDS, default: 'file' })
  kind?: RegisterKind;
}

export class UpdateEntryDto extends RegisterFieldsDto {
  @Reason('変更の理由') reason: string;

  @ReadVersion() version: number;
}

export class EntryStatusChangeDto {
  @Reason('理由') reason: string;

  @ReadVersion() version: number;
}

export class ConfirmProposalDto {
  @OptionalNested(() => RegisterFieldsDto, {
    description: '確定する内容（編集した場合。省略すると変更案のまま）',
  })
  fields?: RegisterFieldsDto;

  @ApiPropertyOptional({
    description: '変更する登録（省略すると変更案の対象。空文字で新規登録）',
    nullable: true,
    type: String,
  })
  @Transform(emptyToNull)
  @IsOptional()
  @IsUUID('4')
  targetEntryId?: string | null;

  @ReadVersion() version: number;
}

export class RejectProposalDto {
  @Reason('却下の理由') reason: string;

  @ReadVersion() version: number;
}

export class EntryDto extends RegisterFieldsDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: REGISTER_KINDS }) declare kind: RegisterKind;
  @ApiProperty({ description: '登録簿の種類（表示名）' }) kindLabel: string;
  @ApiProperty() departmentId: string;
  @ApiProperty({ description: '担当課' }) departmentName: string;
  @ApiProperty({ enum: ['draft', 'published', 'abolished'] }) status: EntryStatus;
  @ApiProperty({ description: '状態（作成中・公表中・廃止）' }) statusLabel: string;
  @ApiProperty({ description: '種別（表示名）' }) fileTypeLabel: string;
  @ApiProperty({ description: '掲載しない理由（表示名）', nullable: true, type: String }) exclusionLabel:
    | string
    | null;
  @ApiProperty({ description: '公表の対象か（公表中かつ除外なし）' }) public: boolean;
  @ApiProperty({ description: '履歴の最新の番号' }) revision: number;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;

  static from(e: EntryRow): EntryDto {
    return {
      id: e.id,
      kind: e.kind,
      kindLabel: REGISTER_KIND_LABELS[e.kind],
      ...pick(e, 'departmentId', 'departmentName', 'status'),
      statusLabel: ENTRY_STATUS_LABELS[e.status],
      ...pick(e, 'name', 'purpose', 'recordItems', 'recordScope', 'collectionMethod', 'sensitive'),
      ...pick(e, 'regularRecipients', 'requestOffice', 'specialProcedures', 'fileType'),
      fileTypeLabel: FILE_TYPE_LABELS[e.fileType],
      exclusion: e.exclusion,
      exclusionLabel: e.exclusion ? EXCLUSION_LABELS[e.exclusion] : null,
      exclusionNote: e.exclusionNote,
      public: e.status === 'published' && !e.exclusion,
      revision: e.revision,
      version: e.version,
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}

export class EntryHistoryDto {
  @ApiProperty() revision: number;
  @ApiProperty({ enum: ['create', 'update', 'publish', 'abolish'] }) change: string;
  @ApiProperty({ description: '変更の種類（表示名）' }) changeLabel: string;
  @ApiProperty({ description: '変更後の状態（表示名）' }) statusLabel: string;
  @ApiProperty({ description: '変わった項目（表示名）', type: [String] }) changedFields: string[];
  @ApiProperty({ description: '理由' }) reason: string;
  @ApiProperty({ description: '変更者' }) changedByName: string;
  @ApiProperty() changedAt: string;
  @ApiProperty({ nullable: true, type: String, description: '変更のもとになった諮問事案' }) caseId:
    | string
    | null;
  @ApiProperty({ nullable: true, type: String, description: '諮問事案の件名' }) caseTitle: string | null;
  @ApiProperty({ nullable: true, type: String, description: '諮問事案の受付番号' }) receiptNumber:
    | string
    | null;

  static from(h: HistoryRow): EntryHistoryDto {
    return {
      revision: h.revision,
      change: h.change,
      changeLabel: CHANGE_LABELS[h.change],
      statusLabel: ENTRY_STATUS_LABELS[h.status],
      changedFields: h.changedFields.map((k) => FIELD_LABELS[k]),
      reason: h.reason,
      changedByName: h.changedByName,
      changedAt: h.changedAt.toISOString(),
      ...pick(h, 'caseId', 'caseTitle', 'receiptNumber'),
    };
  }
}

export const CHANGE_LABELS: Record<HistoryRow['change'], string> = {
  create: '新規登録',
  update: '変更',
  publish: '公表',
  abolish: '廃止',
};

export class EntryDetailDto extends EntryDto {
  @ApiProperty({ type: [EntryHistoryDto] }) history: EntryHistoryDto[];
}

export class ProposalDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['pending', 'confirmed', 'rejected'] }) state: string;
  @ApiProperty({ description: '状態（表示名）' }) stateLabel: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ description: '諮問事案の件名' }) caseTitle: string;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ nullable: true, type: String, description: '変更する登録（null は新規登録）' })
  targetEntryId: string | null;
  @ApiProperty({ nullable: true, type: String }) targetEntryName: string | null;
  @ApiProperty({ type: RegisterFieldsDto, description: '変更案の内容' }) fields: RegisterFieldsDto;
  @ApiProperty({ description: '却下の理由' }) decisionReason: string;
  @ApiProperty({ nullable: true, type: String, description: '確定で作成・変更された登録' }) entryId:
    | string
    | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() version: number;

  static from(p: ProposalRow): ProposalDto {
    return {
      id: p.id,
      state: p.state,
      stateLabel: PROPOSAL_STATE_LABELS[p.state],
      ...pick(p, 'caseId', 'caseTitle', 'receiptNumber', 'departmentId', 'departmentName', 'targetEntryId'),
      ...pick(p, 'targetEntryName'),
      fields: p.fields as RegisterFieldsDto,
      decisionReason: p.decisionReason,
      entryId: p.entryId,
      createdAt: p.createdAt.toISOString(),
      version: p.version,
    };
  }
}

export const PROPOSAL_STATE_LABELS: Record<ProposalRow['state'], string> = {
  pending: '確認待ち',
  confirmed: '確定',
  rejected: '却下',
};

export class EntryListQueryDto {
  @OptionalOneOf(['draft', 'published', 'abolished'], { enum: ['draft', 'published', 'abolished'] })
  status?: EntryStatus;
  @OptionalOneOf(REGISTER_KINDS, { enum: REGISTER_KINDS }) kind?: RegisterKind;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  departmentId?: string;
  @ApiPropertyOptional({ description: '名称・利用目的・記録項目の検索語' })
  @IsOptional()
  @IsString()
  @TextLimit(100)
  q?: string;
}

export class ChangesQueryDto {
  @ApiProperty({ description: '期間の初日（YYYY-MM-DD、日本時間）' })
  @IsDateString({ strict: true })
  from: string;
  @ApiProperty({ description: '期間の末日（YYYY-MM-DD、日本時間、この日を含む）' })
  @IsDateString({ strict: true })
  to: string;
}

export class RegisterChangeDto {
  @ApiProperty() changedAt: string;
  @ApiProperty({ enum: ['create', 'update', 'publish', 'abolish'] }) change: string;
  @ApiProperty({ description: '変更の種類（表示名）' }) changeLabel: string;
  @ApiProperty() revision: number;
  @ApiProperty() entryId: string;
  @ApiProperty({ description: 'その変更時点の名称' }) entryName: string;
  @ApiProperty({ enum: REGISTER_KINDS }) kind: RegisterKind;
  @ApiProperty() departmentName: string;
  @ApiProperty() reason: string;
  @ApiProperty() changedByName: string;
  @ApiProperty({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ nullable: true, type: String }) caseTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;

  static from(r: RegisterChangeRow): RegisterChangeDto {
    return { ...r, changedAt: r.changedAt.toISOString(), changeLabel: CHANGE_LABELS[r.change] };
  }
}
