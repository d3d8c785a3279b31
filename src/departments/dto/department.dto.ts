import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import type { Department } from '../department.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateDepartmentDto {
  @ApiProperty({ example: 'michi-midori' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  @Matches(/^[a-z0-9-]+$/, { message: 'コードは半角小文字英数字とハイフンで入力してください' })
  code: string;

  @ApiProperty({ example: '道とみどりの課' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'みどり土木部' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  division?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isSecretariat?: boolean;
}

export class UpdateDepartmentDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  division?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
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
      id: d.id,
      code: d.code,
      name: d.name,
      division: d.division,
      isSecretariat: d.isSecretariat,
      disabled: d.disabled,
      version: d.version,
    };
  }
}
