import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { HTML_ERROR_RENDERER } from '../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HandlebarsViewRenderer, VIEW_RENDERER } from './view-renderer';
import { Views } from './views';
import { WebErrorRenderer } from './web-error.renderer';

/**
 * What every screen shares: the Handlebars renderer, `Views` (a page in the layout) and the HTML error page. Page framing, form
 * parsing through the API's DTOs, `act` and the flash messages are plain functions beside it.
 * It knows no feature, so any feature module can import it.
 */
@Module({
  providers: [
    {
      provide: VIEW_RENDERER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new HandlebarsViewRenderer(join(config.templatesDir, 'views')),
    },
    { provide: HTML_ERROR_RENDERER, useClass: WebErrorRenderer },
    Views,
  ],
  exports: [VIEW_RENDERER, HTML_ERROR_RENDERER, Views],
})
export class ViewsModule {}
