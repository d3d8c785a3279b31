import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { MinutesModule } from '../minutes/minutes.module';
import { ViewsModule } from '../views/views.module';
import { PublicMinutesPdfController } from './public-minutes-pdf.controller';
import { PublicMinutesPdfService } from './public-minutes-pdf.service';
import { PublicPdfCache } from './public-pdf-cache';
import { PublicPortalWebController } from './public-portal-web.controller';
import { PublicPortalService } from './public-portal.service';

/** The public portal (no login): its pages, its search and the public PDFs of published minutes. */
@Module({
  imports: [ViewsModule, DocumentsModule, MinutesModule],
  controllers: [PublicPortalWebController, PublicMinutesPdfController],
  providers: [PublicPortalService, PublicPdfCache, PublicMinutesPdfService],
})
export class PublicPortalModule {}
