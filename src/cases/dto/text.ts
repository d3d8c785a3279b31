import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { stack, trim } from '../../common/validation/fields';

/** Names, labels, short answers. */
export const SHORT_TEXT = 200;
/** A paragraph: contact, term, partner, … */
export const MEDIUM_TEXT = 2000;
/** Free prose: purpose, business content, reasons, measures. */
export const LONG_TEXT = 20000;

/** Length limit that tells the clerk the limit and how long the text is now. */
export function TextLimit(max: number, each = false) {
  return ValidateBy(
    {
      name: 'textLimit',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.length <= max,
        defaultMessage: (args?: ValidationArguments) =>
          `${max.toLocaleString('ja-JP')} 文字以内で入力してください（現在 ${String(
            (args?.value as string | undefined)?.length.toLocaleString('ja-JP') ?? '',
          )} 文字）`,
      },
    },
    { each },
  );
}

/** A text with something besides white space in it (full-width spaces included). */
export function NotBlank(message: string) {
  return ValidateBy({
    name: 'notBlank',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
      defaultMessage: () => message,
    },
  });
}

/**
 * A text field of a draft: optional, stored verbatim (HTML and `{{…}}` included: the UI and the
 * PDFs escape on output, nothing is interpreted).
 */
export function OptionalText(max: number, description?: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: max, description }),
    IsOptional(),
    IsString(),
    TextLimit(max),
  );
}

/** A text that must be filled in: trimmed, refused with `blank` when empty, at most `max` characters. */
export const FilledText = (max: number, blank: string, api?: ApiPropertyOptions) =>
  stack(ApiProperty(api), Transform(trim), NotBlank(blank), TextLimit(max));

/** A text that may be empty: trimmed, at most `max` characters. */
export const PlainText = (max: number, api?: ApiPropertyOptions) =>
  stack(ApiProperty(api), Transform(trim), IsString(), TextLimit(max));

/** An optional text: trimmed, at most `max` characters. */
export const OptionalPlainText = (max: number, api?: ApiPropertyOptions) =>
  stack(ApiPropertyOptional(api), IsOptional(), Transform(trim), IsString(), TextLimit(max));

/** An optional list of at most `items` texts, each kept as sent and at most `max` characters. */
export const OptionalTextList = (items: number, max: number, api?: ApiPropertyOptions) =>
  stack(
    ApiPropertyOptional({ type: [String], ...api }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(items),
    IsString({ each: true }),
    TextLimit(max, true),
  );
