import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeApiDocument } from '../common/openapi/api-document';
import { ProblemDto } from '../common/errors/problem.dto';
import { PublicPortalModule } from './public-portal.module';

/** Paths of the open read API; the staff API's document leaves them out. */
export const isPublicApiDocPath = (path: string) => path.startsWith('/public/');

/** The public API's own OpenAPI document (`/public/api/openapi.json`), apart from the staff API's. */
export function buildPublicApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('審議会 会議録・答申 公開 API')
    .setDescription(
      '公開された会議録（公開版）と答申を読むための API。ログイン不要、GET のみ、CORS 許可。アドレスごとに回数制限があり、超えると 429（problem+json、Retry-After）。' +
        '{slug} は審議会の英字名（/public で一覧）。エラーは RFC 9457 problem+json。',
    )
    .setVersion('1.0.0')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    include: [PublicPortalModule],
    extraModels: [ProblemDto],
  });
  for (const path of Object.keys(document.paths)) if (!isPublicApiDocPath(path)) delete document.paths[path];
  return completeApiDocument(document);
}
