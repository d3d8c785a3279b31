import { Injectable, type NestMiddleware } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { enterPublicCouncilOfUrl } from './public-council';

/** How long a reader or proxy may reuse an answer of the open API (publication changes it rarely). */
export const PUBLIC_API_MAX_AGE_S = 60;

/**
 * The open API is for anyone's page or tool: CORS open for reading (GET, HEAD; a preflight is
 * answered without reaching a route), never for writing, and answers may be cached briefly.
 */
export function publicApiHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, X-Total-Count, Link');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Headers', 'Accept, Accept-Language');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD')
    res.setHeader('Cache-Control', `public, max-age=${PUBLIC_API_MAX_AGE_S}`);
  next();
}

/** The open API's council from its URL, before the guard (see `enterPublicCouncilOfUrl`). */
@Injectable()
export class PublicApiCouncil implements NestMiddleware {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  use(req: Request, _res: Response, next: NextFunction): void {
    const slug =
      (req.params as Record<string, string | undefined>).slug ??
      /^\/public\/([^/]+)\/api\//.exec(req.originalUrl)?.[1];
    if (!slug) return next();
    enterPublicCouncilOfUrl(this.ds, slug).then(
      () => next(),
      () => next(),
    );
  }
}
