import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { CreateCouncilDto } from '../../council/setup/council-setup.dto';
import { NUMBERING_SCHEMES, type NumberingScheme } from '../../workflow/numbering';
import { COUNCIL_STATES, type CouncilState } from '../council-state-machine';
import { TrimmedText, VersionField } from '../../common/validation/fields';

/**
 * A council as the platform administrator sees it: its names and URL, whether it is in use, and how
 * much it holds (counts only, through `platform_council_counts()`: nothing of its cases, meetings or people).
 */
export class PlatformCouncilDto {
  @ApiProperty({ description: '審議会の番号（この環境の中で一意）' }) id: number;
  @ApiProperty({ description: '自治体名' }) municipality: string;
  @ApiProperty({ description: '審議会の名称' }) councilName: string;
  @ApiProperty({ description: '実施機関（答申の宛先）' }) implementingBody: string;
  @ApiProperty({ description: '公開ポータルの URL に使う英字名' }) slug: string;
  @ApiProperty({ enum: NUMBERING_SCHEMES }) numbering: NumberingScheme;
  @ApiProperty({
    enum: COUNCIL_STATES,
    description:
      '利用中（active）、利用停止中（suspended）、または復元中（restoring: 審議会単位の復元の実行中）',
  })
  state: CouncilState;
  @ApiProperty({ description: '状態の表示名（利用中・利用停止中・復元中）' }) stateLabel: string;
  @ApiProperty({ type: String, nullable: true, description: '最後に利用停止・再開したときの理由' })
  stateReason: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: '最後に利用停止・再開した日時',
  })
  stateChangedAt: string | null;
  @ApiProperty({ description: '版（名称を変更するときに送り返す）' }) version: number;
  @ApiProperty({ description: '利用者アカウントの数' }) users: number;
  @ApiProperty({ description: '事案の数（ごみ箱のものを除く）' }) cases: number;
  @ApiProperty({ description: '会議の数' }) meetings: number;
}

/** The fields of the setup that a rename may change: the same rules as when the council was made. */
export const RENAMABLE_COUNCIL_FIELDS = ['municipality', 'councilName', 'implementingBody', 'slug'] as const;

class CouncilVersionDto {
  @VersionField({ description: '読み込んだときの版（他の変更と重なったら 409）' }) version: number;
}

/** Renaming a council or changing its URL name: only the fields sent change. */
export class UpdatePlatformCouncilDto extends IntersectionType(
  PartialType(PickType(CreateCouncilDto, RENAMABLE_COUNCIL_FIELDS)),
  CouncilVersionDto,
) {}

/** Suspending a council or resuming it: the reason is kept with the council and in its audit trail. */
export class CouncilStateChangeDto {
  @TrimmedText(500, {
    description: '理由（利用者への説明や契約上の根拠など）',
    example: '契約期間の満了のため',
  })
  reason: string;
}

/** A platform administrator's account, as the other platform administrators see it. */
export class PlatformAdminDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: '利用停止されているか（停止中はログインできない）' }) disabled: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastLoginAt: string | null;
}
