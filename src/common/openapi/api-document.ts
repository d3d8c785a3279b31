import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDto } from '../errors/problem.dto';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']> & { 'x-public'?: boolean };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const WRITES = new Set<string>(['put', 'post', 'delete', 'patch']);
const PROBLEM_TYPE = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDto' };

/** The problem+json answers the whole stack may give, with what causes each. */
const PROBLEMS: Record<string, string> = {
  '400': '入力エラー（検証エラー、不正な JSON、不正な文字）',
  '401': 'ログインしていない、またはセッションが無効',
  '403': '権限がない、審議会が利用停止中、CSRF 検査に失敗した、または接続元が許可されていない',
  '404': '指定されたデータが見つからない（見る権限のないデータも含む）',
  '409': '状態または版の競合（他の利用者が更新した、今の状態ではできない操作）',
  '413': 'リクエスト本文が大きすぎる',
  '415': '対応していない Content-Type',
  '429': 'リクエストが多すぎる（しばらく待って再試行）',
  '503': 'データベースに接続できない（一時的）',
};

function problemsOf(method: string, path: string, op: Operation): string[] {
  // The body parsers and the content-type check run for every route, whatever its method.
  const codes = ['400', '403', '413', '415', '429', '503'];
  if (op['x-public'] !== true) codes.push('401');
  if (path.includes('{')) codes.push('404');
  if (WRITES.has(method)) codes.push('409');
  return codes;
}

/**
 * Adds what every operation shares and the decorators cannot say once: the problem+json error
 * answers of the stack (guards, body parsers, rate limits) with the shared `ProblemDto`, and the
 * security requirement (`x-public` operations need no login).
 */
export function completeApiDocument(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      // Error answers a handler declares itself (e.g. @ApiConflictResponse on a GET) are problems too.
      const declared = Object.keys(op.responses).filter((code) => Number(code) >= 400);
      for (const code of new Set([...problemsOf(method, path, op), ...declared])) {
        const existing = op.responses[code] as { description?: string } | undefined;
        op.responses[code] = {
          description: existing?.description || PROBLEMS[code] || 'エラー',
          content: { [PROBLEM_TYPE]: { schema: PROBLEM_REF } },
        };
      }
      op.security = op['x-public'] === true ? [] : [{ bearer: [] }, { cookie: [] }];
      delete op['x-public'];
    }
  }
  return document;
}

/** The OpenAPI document of the API (served at /api/docs; the typed client is generated from it). */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('審議会諮問・報告管理 API')
    .setDescription(
      '情報公開・個人情報保護審議会の諮問・報告事案を管理する API。エラーは RFC 9457 problem+json（`ProblemDto`）で返します。',
    )
    .setVersion('0.1.0')
    .addBearerAuth(undefined, 'bearer')
    .addCookieAuth('shingikai_session', undefined, 'cookie')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
  // The public portal's open API has its own document (/public/api/openapi.json).
  for (const path of Object.keys(document.paths))
    if (path.startsWith('/public/')) delete document.paths[path];
  return completeApiDocument(document);
}
