import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../common/errors/validation';
import { AppError } from '../common/errors/app-error';

export type FormErrors = Record<string, string[]>;

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

/** Field errors of an AppError (for re-rendering a form), or a general message under `_`. */
export function formErrorsOf(error: AppError): FormErrors {
  const out: FormErrors = {};
  for (const e of error.extensions.errors ?? []) out[e.field] = e.messages;
  if (Object.keys(out).length === 0) out._ = [error.detail];
  return out;
}
