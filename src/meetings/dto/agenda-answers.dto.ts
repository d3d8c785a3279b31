import { ApiProperty, OmitType } from '@nestjs/swagger';
import { CaseAttachmentDto } from '../../cases/dto/case.dto';
import { AgendaItemDto, DeliberationEntryDto, OutcomeCorrectionDto } from './meeting-response.dto';

/** The id of what a request created. */
export class IdDto {
  @ApiProperty() id: string;
}

export class IdsDto {
  @ApiProperty({ type: [String] }) ids: string[];
}

export class GroupIdDto {
  @ApiProperty({ description: '一括審議のまとまりの ID' }) groupId: string;
}

/** A file of a report item (報告事項のファイル): stored like a case's attachment, without its material label. */
export class ReportFileDto extends OmitType(CaseAttachmentDto, ['materialLabel'] as const) {
  @ApiProperty() agendaItemId: string;
}

export class AgendaProgramItemDto {
  @ApiProperty() label: string;
  @ApiProperty() title: string;
  @ApiProperty() closedSession: boolean;
  @ApiProperty({ type: String, nullable: true }) materialLabel: string | null;
}

export class AgendaProgramSectionDto {
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: () => [AgendaProgramItemDto] }) items: AgendaProgramItemDto[];
}

export class AgendaProgramEntryDto {
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: () => [AgendaProgramSectionDto], required: false })
  sections?: AgendaProgramSectionDto[];
}

export class AgendaMaterialDto {
  @ApiProperty() label: string;
  @ApiProperty({ type: [String] }) documents: string[];
}

/** What the 次第 prints: heading, the standing items around 議事, and the materials list. */
export class AgendaDocumentDto {
  @ApiProperty() councilName: string;
  @ApiProperty() meetingLabel: string;
  @ApiProperty() dateLabel: string;
  @ApiProperty() timeLabel: string;
  @ApiProperty() place: string;
  @ApiProperty({ type: () => [AgendaProgramEntryDto] }) program: AgendaProgramEntryDto[];
  @ApiProperty({ type: () => [AgendaMaterialDto] }) materials: AgendaMaterialDto[];
}

export class EarlierEntryDto extends DeliberationEntryDto {
  @ApiProperty({ description: 'その記録がされた会議の回' }) meetingNumber: number;
}

/** The deliberation record of one agenda item. */
export class DeliberationRecordDto {
  @ApiProperty({ type: () => AgendaItemDto }) item: AgendaItemDto;
  @ApiProperty({ type: () => [DeliberationEntryDto] }) entries: DeliberationEntryDto[];
  @ApiProperty({ type: () => [EarlierEntryDto], description: '前の会議での記録（継続審議）' })
  earlier: EarlierEntryDto[];
  @ApiProperty({ type: () => [OutcomeCorrectionDto] }) corrections: OutcomeCorrectionDto[];
}
