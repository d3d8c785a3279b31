import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../common/errors/validation';
import { AppError, CommonErrors } from '../common/errors/app-error';

export type FormErrors = Record<string, string[]>;
/** A submitted HTML form, as body-parser hands it over (strings, arrays of strings). */
export type FormBody = Record<string, unknown>;

/** Validates a submitted HTML form with the same DTO classes as the API. */
export async function parseForm<T extends object>(
  cls: new () => T,
  body: Record<string, unknown>,
): Promise<{ dto: T; errors: FormErrors | null }> {
  const dto = plainToInstance(cls, body ?? {});
  const found = await validate(dto, { whitelist: true, forbidNonWhitelisted: false });
  if (found.length === 0) return { dto, errors: null };
  const errors: FormErrors = {};
  for (const e of flattenValidationErrors(found)) errors[e.field] = e.messages;
  return { dto, errors };
}

/**
 * The form's DTO, or the API's VALIDATION_FAILED error with its Japanese field messages
 * (for forms whose refusal goes back to the page through `act`).
 */
export async function formDto<T extends object>(cls: new () => T, body: Record<string, unknown>): Promise<T> {
  const { dto, errors } = await parseForm(cls, body);
  if (errors)
    throw CommonErrors.validation(Object.entries(errors).map(([field, messages]) => ({ field, messages })));
  return dto;
}

/** Field errors of an AppError (for re-rendering a form), or a general message under `_`. */
export function formErrorsOf(error: AppError): FormErrors {
  const out: FormErrors = {};
  for (const e of error.extensions.errors ?? []) out[e.field] = e.messages;
  if (Object.keys(out).length === 0) out._ = [error.detail];
  return out;
}

/** The options of a select or a group of radio buttons: each value with its Japanese label. */
export const choices = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

// ---- reading form fields (every value arrives as a string) ----

/** A text field, or '' when absent. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A whole number field; anything else is left for the DTO to refuse as missing. */
export const num = (v: unknown): number | undefined =>
  typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
/** A textarea of one entry per line, blank lines dropped. */
export const lines = (v: unknown): string[] =>
  str(v)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
/** A datetime-local field (no zone) is Japan time. */
export const jst = (v: unknown): string | undefined =>
  str(v) ? `${str(v).length === 16 ? `${str(v)}:00` : str(v)}+09:00` : undefined;
