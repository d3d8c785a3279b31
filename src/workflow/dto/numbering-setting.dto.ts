import { ApiProperty } from '@nestjs/swagger';
import type { Municipality } from '../../council/municipality.entity';
import {
  formatContinuousReceiptNumber,
  formatReceiptNumber,
  formatReplyNumber,
  NUMBERING_SCHEME_LABELS,
  NUMBERING_SCHEMES,
  fiscalYearOf,
  type NumberingScheme,
} from '../numbering';
import { OneOf, VersionField } from '../../common/validation/fields';

export class UpdateNumberingSettingDto {
  @OneOf(NUMBERING_SCHEMES, {
    enum: NUMBERING_SCHEMES,
    description: 'fiscalYear: 年度ごと / continuous: 通し番号',
  })
  numbering: NumberingScheme;
  @VersionField({ description: '読み込んだときの版（楽観的ロック）' }) version: number;
}

export class NumberingSettingDto {
  @ApiProperty({ enum: NUMBERING_SCHEMES }) numbering: NumberingScheme;
  @ApiProperty() numberingLabel: string;
  @ApiProperty({ description: 'e.g. R8-001 / 第1号' }) receiptExample: string;
  @ApiProperty({ description: 'e.g. 答申第1号' }) replyExample: string;
  @ApiProperty() version: number;

  static from(m: Municipality): NumberingSettingDto {
    return {
      numbering: m.numbering,
      numberingLabel: NUMBERING_SCHEME_LABELS[m.numbering],
      receiptExample:
        m.numbering === 'continuous'
          ? formatContinuousReceiptNumber(123)
          : formatReceiptNumber(fiscalYearOf(new Date()), 17),
      replyExample: formatReplyNumber(m.numbering === 'continuous' ? 123 : 17),
      version: m.version,
    };
  }
}
