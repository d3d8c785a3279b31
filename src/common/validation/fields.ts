import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';

/*
 * The DTO fields every feature declares the same way, one decorator each. Each one applies exactly
 * the decorators it replaces, in the same order (class-validator reports a field's failed
 * constraints in that order, so the Japanese messages come out as before).
 */

/** Removes the white space around a text (the clerks paste from other documents). */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

type FieldDecorator = PropertyDecorator;
/** A nested DTO class, as a thunk (it may be declared further down). */
type Nested = () => new () => object;

/** The decorators as they would be written one per line above the field (the lowest applies first). */
export const stack = (...decorators: FieldDecorator[]) => applyDecorators(...decorators.reverse());

const optional = (api?: ApiPropertyOptions) => [ApiPropertyOptional(api), IsOptional()];

/** A required text, trimmed, not empty, at most `max` characters. */
export const TrimmedText = (max: number, api?: ApiPropertyOptions) =>
  stack(ApiProperty(api), Transform(trim), IsString(), IsNotEmpty(), MaxLength(max));

/** An optional text, trimmed, at most `max` characters. */
export const OptionalTrimmedText = (max: number, api?: ApiPropertyOptions) =>
  stack(...optional(api), Transform(trim), IsString(), MaxLength(max));

/** An optional text, trimmed, at most `max` characters, not empty when given. */
export const OptionalNonEmptyText = (max: number, api?: ApiPropertyOptions) =>
  stack(...optional(api), Transform(trim), IsString(), IsNotEmpty(), MaxLength(max));

/** An optional text kept as sent, at most `max` characters. */
export const OptionalString = (max: number, api?: ApiPropertyOptions) =>
  stack(...optional(api), IsString(), MaxLength(max));

/** A required text kept as sent, at least one character (MinLength) and at most `max`. */
export const NonEmptyString = (max: number, api?: ApiPropertyOptions) =>
  stack(ApiProperty(api), IsString(), MinLength(1), MaxLength(max));

/** A required text kept as sent (e.g. a password), not empty (IsNotEmpty), at most `max` characters. */
export const RequiredString = (max: number, api?: ApiPropertyOptions) =>
  stack(ApiProperty(api), IsString(), IsNotEmpty(), MaxLength(max));

/** A required true/false. */
export const BooleanField = (api?: ApiPropertyOptions) => stack(ApiProperty(api), IsBoolean());

/** An optional true/false. */
export const OptionalBoolean = (api?: ApiPropertyOptions) => stack(...optional(api), IsBoolean());

/** One of `values` (the document lists them through `api`, usually `{ enum: values }`). */
export const OneOf = (values: readonly unknown[], api?: ApiPropertyOptions) =>
  stack(ApiProperty(api), IsIn(values as unknown[]));

/** Optionally one of `values`. */
export const OptionalOneOf = (values: readonly unknown[], api?: ApiPropertyOptions) =>
  stack(...optional(api), IsIn(values as unknown[]));

/** The version the client last read (optimistic locking: a stale one gets 409). */
export const VersionField = (api?: ApiPropertyOptions) => stack(ApiProperty(api), IsInt(), Min(1));

/** An optional whole number from `min` (a JSON number: no conversion from text). */
export const OptionalInt = (min: number, api?: ApiPropertyOptions) =>
  stack(...optional(api), IsInt(), Min(min));

/** An optional id (UUID). */
export const OptionalUuid = (api?: ApiPropertyOptions) => stack(...optional(api), IsUUID());

/** An optional ISO 8601 date (e.g. a query's `from`/`to`). */
export const OptionalDateString = (api?: ApiPropertyOptions) => stack(...optional(api), IsDateString());

/** An optional ISO 8601 date or date and time, strictly checked (e.g. a meeting's end, a deadline). */
export const OptionalIsoDate = (api?: ApiPropertyOptions) =>
  stack(...optional(api), IsISO8601({ strict: true }));

/**
 * An optional whole number from `min` (and up to `max` when given), converted from text first: a query
 * string or a multipart field arrives as text.
 */
export const OptionalWholeNumber = (min: number, max?: number, api?: ApiPropertyOptions) =>
  stack(
    ...optional(api),
    Type(() => Number),
    IsInt(),
    Min(min),
    ...(max === undefined ? [] : [Max(max)]),
  );

/** An optional nested object, validated with its own class (`nested`, as a thunk). */
export const OptionalNested = (nested: Nested, api?: ApiPropertyOptions) =>
  stack(
    // Written as `type: () => …` so that the document takes it for a lazy type (Swagger goes by the
    // function's name, `type`).
    ApiPropertyOptional({ type: () => nested(), ...api }),
    IsOptional(),
    ValidateNested(),
    Type(nested),
  );

/** How many ids a list takes (`min` none unless given), and the message of a malformed one. */
interface IdListSize {
  min?: number;
  max: number;
  message?: string;
}

const idList = ({ min, max, message }: IdListSize) => [
  IsArray(),
  ...(min === undefined ? [] : [ArrayMinSize(min)]),
  ArrayMaxSize(max),
  IsUUID('all', message ? { each: true, message } : { each: true }),
];

/** A list of ids (UUIDs). */
export const IdList = (size: IdListSize, api?: ApiPropertyOptions) =>
  stack(ApiProperty({ type: [String], ...api }), ...idList(size));

/** An optional list of ids (UUIDs). */
export const OptionalIdList = (size: IdListSize, api?: ApiPropertyOptions) =>
  stack(ApiPropertyOptional({ type: [String], ...api }), IsOptional(), ...idList(size));

const nestedList = (item: Nested, max: number) => [
  IsArray(),
  ArrayMaxSize(max),
  ValidateNested({ each: true }),
  Type(item),
];

/** A list of at most `max` nested objects, each validated with its class (`item`, as a thunk). */
export const NestedList = (item: Nested, max: number, api?: ApiPropertyOptions) =>
  stack(ApiProperty({ type: () => [item()], ...api }), ...nestedList(item, max));

/** An optional list of at most `max` nested objects. */
export const OptionalNestedList = (item: Nested, max: number, api?: ApiPropertyOptions) =>
  stack(ApiPropertyOptional({ type: () => [item()], ...api }), IsOptional(), ...nestedList(item, max));
