import type { NextFunction, Request, Response } from 'express';
import { CommonErrors } from '../errors/app-error';
import { sendProblem } from '../errors/problem';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** API routes that take file uploads (multipart/form-data). */
const UPLOAD_ROUTES = [
  /^\/api\/cases\/[^/]+\/attachments\/?$/,
  /^\/api\/cases\/[^/]+\/items\.xlsx$/,
  /^\/api\/conditions\/[^/]+\/reports\/?$/,
  /^\/api\/meetings\/[^/]+\/agenda\/[^/]+\/files\/?$/,
  /^\/api\/history\/import\/?$/,
  /^\/api\/impact-assessments\/?$/,
  /^\/api\/impact-assessments\/[^/]+\/documents\/?$/,
];

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * The API reads JSON (UTF-8) and, on upload routes, multipart forms. A body of any other type would
 * be silently ignored and the request handled as if empty; it is refused with 415 instead.
 */
export function apiContentType(req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith('/api/') || !WRITES.has(req.method) || !hasBody(req)) return next();
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const [mime, ...params] = type.split(';').map((p) => p.trim());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  const json = mime === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mime);
  if (json && (charset === undefined || charset === 'utf-8' || charset === 'utf8')) return next();
  if (mime === 'multipart/form-data' && UPLOAD_ROUTES.some((r) => r.test(req.path))) return next();
  sendProblem(res, CommonErrors.unsupportedMediaType());
}

/** JSON.parse reviver that refuses keys which could reach object prototypes. */
export function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
    throw new SyntaxError(`forbidden key ${key}`);
  }
  return value;
}
