import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  validate,
} from 'class-validator';
import * as field from './fields';

const KINDS = ['a', 'b'] as const;

class Combined {
  @field.TrimmedText(5, { example: 'x' }) name: string;
  @field.OptionalTrimmedText(5) division?: string;
  @field.OptionalNonEmptyText(5) label?: string;
  @field.OptionalString(5) note?: string;
  @field.NonEmptyString(5, { maxLength: 5 }) line: string;
  @field.RequiredString(5, { example: 'p' }) secret: string;
  @field.BooleanField() flag: boolean;
  @field.OptionalBoolean() other?: boolean;
  @field.OneOf(KINDS, { enum: KINDS }) kind: string;
  @field.OptionalOneOf(KINDS, { enum: KINDS }) otherKind?: string;
  @field.VersionField({ description: 'v' }) version: number;
  @field.OptionalUuid() ref?: string;
  @field.OptionalDateString({ example: '2026-11-01' }) since?: string;
  @field.OptionalIsoDate({ format: 'date' }) until?: string;
  @field.OptionalWholeNumber(1, 5, { default: 1 }) page?: number;
  @field.OptionalWholeNumber(1) from?: number;
  @field.OptionalInt(0) votes?: number;
  @field.IdList({ min: 2, max: 3 }, { description: 'ids' }) ids: string[];
}

class Written {
  @ApiProperty({ example: 'x' })
  @Transform(field.trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(field.trim)
  @IsString()
  @MaxLength(5)
  division?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(field.trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  label?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5)
  note?: string;

  @ApiProperty({ maxLength: 5 })
  @IsString()
  @MinLength(1)
  @MaxLength(5)
  line: string;

  @ApiProperty({ example: 'p' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  secret: string;

  @ApiProperty()
  @IsBoolean()
  flag: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  other?: boolean;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: string;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  otherKind?: string;

  @ApiProperty({ description: 'v' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  ref?: string;

  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @IsDateString()
  since?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  page?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  votes?: number;

  @ApiProperty({ type: [String], description: 'ids' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(3)
  @IsUUID('all', { each: true })
  ids: string[];
}

const BAD = {
  name: '   ',
  division: 123,
  label: '',
  note: 'x'.repeat(6),
  line: '',
  secret: '',
  flag: 'yes',
  other: 1,
  kind: 'c',
  otherKind: 'c',
  version: 0.5,
  ref: 'x',
  since: '11/01',
  until: '2026-02-30',
  page: '9',
  from: '0.5',
  votes: '1',
  ids: ['x'],
};

async function errorsOf(cls: new () => object, body: object) {
  const errors = await validate(plainToInstance(cls, body));
  return errors.map((e) => [e.property, Object.keys(e.constraints ?? {})]);
}

const swagger = (cls: new () => object) =>
  (Reflect.getMetadata('swagger/apiModelPropertiesArray', cls.prototype) as string[]).map((p) => [
    p,
    Reflect.getMetadata('swagger/apiModelProperties', cls.prototype, p.slice(1)) as unknown,
  ]);

describe('the shared DTO field decorators', () => {
  it('fail the same constraints, in the same order, as the decorators written out', async () => {
    const combined = await errorsOf(Combined, BAD);
    expect(combined).toEqual(await errorsOf(Written, BAD));
    expect(combined).toContainEqual(['name', ['isNotEmpty']]); // trimmed to nothing
    expect(combined).toContainEqual(['division', ['maxLength', 'isString']]);
    expect(combined).toContainEqual(['page', ['max']]); // the query's text, converted first
  });

  it('describe the same schema', () => {
    expect(swagger(Combined)).toEqual(swagger(Written));
    expect(swagger(Combined)).toContainEqual([':version', { description: 'v', type: Number }]);
  });

  it('trim texts and accept what the written-out decorators accept', async () => {
    const ok = {
      name: ' 課 ',
      line: '行',
      secret: 'p',
      flag: true,
      kind: 'a',
      version: 1,
      ids: [randomUUID(), randomUUID()],
    };
    expect(await errorsOf(Combined, ok)).toEqual([]);
    expect(plainToInstance(Combined, ok).name).toBe('課');
  });
});
