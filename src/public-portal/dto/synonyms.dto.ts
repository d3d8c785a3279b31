import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class SynonymGroupDto {
  @ApiProperty({
    type: [String],
    description: '互いに関連語として扱う語（2語以上）',
    example: ['外部結合', 'オンライン結合'],
  })
  @IsArray()
  @ArrayMinSize(2, { message: '関連語は2語以上で指定してください' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true, message: '1語は50文字までです' })
  words: string[];
}

/** The council's related words for the public search (公開ポータルの関連語). */
export class SynonymListDto {
  @ApiProperty({ type: [SynonymGroupDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SynonymGroupDto)
  groups: SynonymGroupDto[];
}
