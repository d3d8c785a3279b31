import { isUtf8 } from 'node:buffer';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
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

/** A character PostgreSQL cannot store as given: NUL, or half of a surrogate pair. */
export type BadCharacter = 'nul' | 'lone_surrogate';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badCharacterIn(s: string): BadCharacter | null {
  if (s.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'lone_surrogate';
  return null;
}

/** The field path as FieldError names it (`sections[2].vendor.name`), made safe to print. */
function fieldPath(parent: string, key: string, inArray: boolean): string {
  const k = key.replace(/\u0000/g, '\\0').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
  if (inArray) return `${parent}[${k}]`;
  return parent ? `${parent}.${k}` : k;
}

/**
 * The first string or key in the value holding a NUL or a lone surrogate, with its field path
 * (`root` for a bare string). Iterative: the input is untrusted.
 */
export function findBadCharacter(value: unknown, root = ''): { field: string; kind: BadCharacter } | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const kind = badCharacterIn(v);
      if (kind) return { field: path, kind };
    } else if (v !== null && typeof v === 'object') {
      const inArray = Array.isArray(v);
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const field = fieldPath(path, k, inArray);
        const kind = badCharacterIn(k);
        if (kind) return { field, kind };
        stack.push([child, field]);
      }
    }
  }
  return null;
}

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

const MESSAGES: Record<BadCharacter | 'invalid_utf8', string> = {
  invalid_utf8:
    'UTF-8 として正しくないバイト列が含まれています。文字コードを UTF-8 にして送り直してください。',
  nul: '使用できない制御文字（NUL）が含まれています。該当する文字を取り除いてください。',
  lone_surrogate:
    '正しくない文字（対になっていないサロゲート。文字化けした文字など）が含まれています。該当する文字を入力し直してください。',
};

/** Refusal of a NUL or a lone surrogate, naming the field (`field` empty: not known). */
export const badCharacter = (kind: BadCharacter | 'invalid_utf8', field: string) =>
  new AppError(
    'INVALID_CHARACTER',
    400,
    field ? `入力項目「${field}」に${MESSAGES[kind]}` : `入力に${MESSAGES[kind]}`,
    field ? { errors: [{ field, messages: [MESSAGES[kind]] }] } : {},
  );

export const nulCharacter = () => badCharacter('nul', '');

/**
 * Body parsers' `verify` hook: bytes that are not valid UTF-8 would be decoded to U+FFFD, a silent change of what
 * was sent; refuse them instead.
 */
export function refuseInvalidUtf8(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw new InvalidUtf8Body();
}

export class InvalidUtf8Body extends Error {}

export const invalidUtf8 = () => badCharacter('invalid_utf8', '');

/** The URL's path segments decoded, or null when one is not valid percent-encoded UTF-8. */
function decodedSegments(path: string): string[] | null {
  try {
    return path.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/**
 * Input checks every route needs before validation (and before anything is written or audited
 * with the input): bodies nested deeper than MAX_BODY_DEPTH (class-transformer and class-validator
 * recurse per level), and NULs or lone surrogates in the body (JSON and forms), the query or the
 * path. PostgreSQL rejects a NUL with an error that would surface as a 500, and stores a lone
 * surrogate as U+FFFD: a silent change of what the user typed, and an audit hash over text that
 * differs from the stored one.
 */
export function screenInput(renderHtml: (req: Request, res: Response, error: AppError) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    let error: AppError | null = null;
    if (nestingDepth(req.body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) error = bodyTooDeep();
    else {
      const segments = decodedSegments(req.path);
      const inPath = segments === null ? null : findBadCharacter(segments);
      const found = findBadCharacter(req.body) ?? findBadCharacter(req.query);
      if (segments === null) error = badCharacter('lone_surrogate', '');
      else if (inPath) error = badCharacter(inPath.kind, '');
      else if (found) error = badCharacter(found.kind, found.field);
      else if (/%00/i.test(req.originalUrl)) error = nulCharacter();
    }
    if (!error) return next();
    if (req.path.startsWith('/api/')) return sendProblem(res, error, req.path);
    renderHtml(req, res, error);
  };
}

/**
 * The same screen for bodies parsed after the middleware ran: multipart text fields (multer parses
 * them in the route's interceptor). Runs before validation on every `@Body()`.
 */
export class ScreenBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const found = findBadCharacter(value);
    if (found) throw badCharacter(found.kind, found.field);
    return value;
  }
}
