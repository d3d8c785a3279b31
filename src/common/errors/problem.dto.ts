import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field-level problem (see `FieldError`). */
export class FieldErrorDto {
  @ApiProperty({ description: '項目のパス（例: sections[2].vendor.name）' })
  field: string;

  @ApiProperty({ type: [String], description: 'その項目の問題（日本語）' })
  messages: string[];
}

/** RFC 9457 problem details, as every error of the API is answered (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:shingikai:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: '入力エラー' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ description: '利用者が対処できる説明（日本語）' })
  detail: string;

  @ApiProperty({ description: '安定したエラーコード', example: 'VALIDATION_FAILED' })
  code: string;

  @ApiPropertyOptional()
  instance?: string;

  @ApiPropertyOptional({ type: () => [FieldErrorDto], description: '項目ごとの問題（入力エラーのとき）' })
  errors?: FieldErrorDto[];
}
