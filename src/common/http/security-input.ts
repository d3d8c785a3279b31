import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { sendProblem } from '../errors/problem';

/** Deeper than any form or DTO of ours; validation and transformation recurse per level. */
export const MAX_BODY_DEPTH = 32;

export const bodyTooDeep = () =>
  new AppError('BODY_TOO_DEEP', 400, `リクエスト本文の入れ子が深すぎます（${MAX_BODY_DEPTH} 段まで）。`);

/** Depth of nested arrays and objects, measured without recursion (the input is untrusted). */
export function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const d = depth + 1;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, d]);
  }
  return max;
}

export const nulCharacter = () =>
  new AppError(
    'INVALID_CHARACTER',
    400,
    '入力に使用できない制御文字（NUL）が含まれています。該当する文字を取り除いてください。',
  );

/** True when any string (or key) in the value contains U+0000, which PostgreSQL text cannot store. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (k.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * Input checks every route needs before validation: bodies nested deeper than MAX_BODY_DEPTH
 * (class-transformer and class-validator recurse per level), and NUL characters in the body,
 * query or path (PostgreSQL rejects them with an error that would otherwise surface as a 500).
 */
export function screenInput(renderHtml: (req: Request, res: Response, error: AppError) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    let error: AppError | null = null;
    if (nestingDepth(req.body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) error = bodyTooDeep();
    else if (/%00/i.test(req.originalUrl) || containsNul(req.body) || containsNul(req.query))
      error = nulCharacter();
    if (!error) return next();
    if (req.path.startsWith('/api/')) return sendProblem(res, error, req.path);
    renderHtml(req, res, error);
  };
}
