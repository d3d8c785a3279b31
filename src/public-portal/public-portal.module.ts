import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { MinutesModule } from '../minutes/minutes.module';
import { ViewsModule } from '../views/views.module';
import { PublicApiController } from './public-api.controller';
import { PublicApiCouncil, publicApiHeaders } from './public-api.middleware';
import { PublicMinutesPdfController } from './public-minutes-pdf.controller';
import { PublicMinutesPdfService } from './public-minutes-pdf.service';
import { PublicPdfCache } from './public-pdf-cache';
import { PublicPortalWebController } from './public-portal-web.controller';
import { PublicPortalService } from './public-portal.service';
import { PublicSynonymsController } from './search/synonyms.controller';
import { PublicSynonymsWebController } from './search/synonyms-web.controller';
import { SynonymsService } from './search/synonyms.service';
import { PublicSearchBackfill } from './search/public-search-backfill';

/** The public portal (no login): its pages, search, open API, feed and the public PDFs of published minutes. */
@Module({
  imports: [ViewsModule, DocumentsModule, MinutesModule],
  // The API before the pages: `/public/api/openapi.json` is not a council called "api".
  controllers: [
    PublicApiController,
    PublicSynonymsController,
    PublicSynonymsWebController,
    PublicMinutesPdfController,
    PublicPortalWebController,
  ],
  providers: [
    PublicPortalService,
    PublicPdfCache,
    PublicMinutesPdfService,
    SynonymsService,
    PublicSearchBackfill,
  ],
})
export class PublicPortalModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(publicApiHeaders)
      .forRoutes(
        { path: 'public/:slug/api/*path', method: RequestMethod.ALL },
        { path: 'public/api/openapi.json', method: RequestMethod.ALL },
      );
    consumer.apply(PublicApiCouncil).forRoutes({ path: 'public/:slug/api/*path', method: RequestMethod.GET });
  }
}
