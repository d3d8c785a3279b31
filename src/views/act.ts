import type { Response } from 'express';
import { AppError } from '../common/errors/app-error';
import { formErrorsOf, type FormErrors } from './form';
import { redirectWith } from './page';

export interface ActOptions<T = unknown> {
  /** The page the form is on: a refusal goes back there. */
  back: string;
  /** The message shown at the top after success (it may name what the action returned). */
  notice?: string | ((result: T) => string);
  /** Where to go after success, when not back to the form's page. */
  next?: string | ((result: T) => string);
  /**
   * Re-render the form with its messages beside the fields (the text as typed kept) instead of
   * redirecting back with one message at the top.
   */
  rerender?: (errors: FormErrors, error: AppError) => Promise<void> | void;
  /** Answer a success some other way than a redirect (a page showing a one-time password). */
  done?: (result: T) => Promise<void> | void;
}

/** One line for the top of the page: what went wrong, then each field's message. */
export function flashMessage(error: AppError): string {
  const fields = (error.extensions.errors ?? []).flatMap((f) => f.messages);
  return [error.detail, ...fields].join(' ');
}

/**
 * Runs a form action, then redirects (PRG: a reload never repeats it) with a notice at the top.
 * A refusal (AppError 4xx) goes back to the page: re-rendered with the messages beside the
 * fields, or as an error message at the top. Anything else is left to the error filter.
 */
export async function act<T>(res: Response, options: ActOptions<T>, fn: () => Promise<T>): Promise<void> {
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    if (options.rerender) return options.rerender(formErrorsOf(e), e);
    return redirectWith(res, options.back, 'error', flashMessage(e));
  }
  if (options.done) return options.done(result);
  const next = typeof options.next === 'function' ? options.next(result) : (options.next ?? options.back);
  const notice = typeof options.notice === 'function' ? options.notice(result) : options.notice;
  if (notice) redirectWith(res, next, 'notice', notice);
  else res.redirect(303, next);
}
