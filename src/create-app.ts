import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { CommonErrors } from './common/errors/app-error';
import { buildApiDocument } from './common/openapi/api-document';
import { buildPublicApiDocument } from './public-portal/public-api-document';
import { PUBLIC_API_DOCUMENT } from './public-portal/public-api.controller';
import { sendProblem } from './common/errors/problem';
import { createValidationPipe } from './common/errors/validation';
import {
  HTML_ERROR_RENDERER,
  REFUSAL_RECORDER,
  type HtmlErrorRenderer,
  type RefusalRecorder,
} from './common/errors/problem.filter';
import { auditedCsrfGuard } from './common/http/csrf';
import { answerClientErrors } from './common/http/security-client-errors';
import { apiContentType, refusePrototypeKeys } from './common/http/content-type';
import { securityHeaders } from './common/http/security-headers';
import {
  InvalidUtf8Body,
  invalidUtf8,
  refuseInvalidUtf8,
  ScreenBodyPipe,
  screenInput,
} from './common/http/security-input';
import { adminIpAllowList } from './common/http/security-ip';
import { rateLimits } from './common/http/security-rate-limit';
import type { AppConfig } from './config/config';
import { councilScopeMiddleware } from './database/council-context';

/** Body parsing with our problem+json answers for malformed or oversized bodies. */
function bodyParsers(config: AppConfig) {
  const parsers = [
    express.json({
      limit: config.jsonBodyLimit,
      type: ['application/json', 'application/*+json'],
      reviver: refusePrototypeKeys,
      verify: refuseInvalidUtf8,
    }),
    express.urlencoded({ extended: false, limit: config.jsonBodyLimit, verify: refuseInvalidUtf8 }),
  ];
  return parsers.map(
    (parser) => (req: Request, res: Response, next: NextFunction) =>
      parser(req, res, (err?: unknown) => {
        if (!err) return next();
        // body-parser passes the error our `verify` threw (given status 403); answer it as bad input
        if (err instanceof InvalidUtf8Body) return sendProblem(res, invalidUtf8());
        const type = (err as { type?: string }).type;
        if (type === 'entity.too.large')
          return sendProblem(res, CommonErrors.bodyTooLarge(config.jsonBodyLimit));
        if (type === 'entity.parse.failed') return sendProblem(res, CommonErrors.malformedJson());
        if (type === 'encoding.unsupported' || type === 'charset.unsupported')
          return sendProblem(res, CommonErrors.unsupportedMediaType());
        return sendProblem(res, CommonErrors.malformedJson());
      }),
  );
}

/** Seams for the tests: `first` runs before any middleware (it sees every answer), `document` gets the OpenAPI document. */
export interface CreateAppHooks {
  first?: (app: NestExpressApplication) => void;
  document?: (document: OpenAPIObject) => void;
}

/** Builds the HTTP application; used by `main.ts` and by the tests, so both run the same stack. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  hooks: CreateAppHooks = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  hooks.first?.(app);
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  answerClientErrors(app.getHttpServer());
  app.use(securityHeaders({ hsts: config.cookieSecure }));
  const html = app.get<HtmlErrorRenderer>(HTML_ERROR_RENDERER, { strict: false });
  const renderHtml = html.renderError.bind(html);
  const refusals = app.get<RefusalRecorder>(REFUSAL_RECORDER, { strict: false });
  const limits = rateLimits(config.rateLimit, renderHtml, undefined, refusals);
  app.use(limits.requests);
  app.use(adminIpAllowList(config.adminAllowedIps, renderHtml, refusals));
  app.use(cookieParser());
  app.use(auditedCsrfGuard(refusals));
  app.use(apiContentType);
  for (const parser of bodyParsers(config)) app.use(parser);
  app.use(screenInput(renderHtml));
  // From here on each request has its council scope (filled in by authentication).
  app.use(councilScopeMiddleware);
  app.use(limits.logins);
  // Browsers ask for /favicon.ico on every page; answer it outside the auth guard.
  const favicon = join(config.templatesDir, 'assets', 'favicon.svg');
  app.use('/favicon.ico', (req: Request, res: Response) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').sendFile(favicon);
  });
  app.use('/assets', express.static(join(config.templatesDir, 'assets'), { maxAge: '1h', index: false }));
  app.useGlobalPipes(new ScreenBodyPipe(), createValidationPipe());

  const document = buildApiDocument(app);
  hooks.document?.(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  app.set(PUBLIC_API_DOCUMENT, buildPublicApiDocument(app));
  return app;
}
