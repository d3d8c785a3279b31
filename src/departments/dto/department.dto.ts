import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { Department } from '../department.entity';
import {
  OptionalBoolean,
  OptionalNonEmptyText,
  OptionalTrimmedText,
  trim,
  TrimmedText,
  VersionField,
} from '../../common/validation/fields';
import { pick } from '../../common/format/pick';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'michi-midori' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  @Matches(/^[a-z0-9-]+$/, { message: 'コードは半角小文字英数字とハイフンで入力してください' })
  code: string;

  @TrimmedText(100, { example: '道とみどりの課' }) name: string;

  @OptionalTrimmedText(100, { example: 'みどり土木部' }) division?: string;

  @OptionalBoolean() isSecretariat?: boolean;
}

export class UpdateDepartmentDto {
  @VersionField() version: number;

  @OptionalNonEmptyText(100) name?: string;

  @OptionalTrimmedText(100) division?: string;

  @OptionalBoolean() disabled?: boolean;
}

export class DepartmentDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) division: string | null;
  @ApiProperty() isSecretariat: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty() version: number;

  static from(d: Department): DepartmentDto {
    return {
      ...pick(d, 'id', 'code', 'name', 'division', 'isSecretariat', 'disabled', 'version'),
    };
  }
}
