import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { renderPage } from './page';
import { VIEW_RENDERER, type ViewRenderer } from './view-renderer';

/** What a screen controller injects to answer with a page in the main layout. */
@Injectable()
export class Views {
  constructor(@Inject(VIEW_RENDERER) private readonly renderer: ViewRenderer) {}

  /** Sends `view` in the layout with the user, the menu, the title and the flash message. */
  page(res: Response, view: string, title: string, ctx: Record<string, unknown> = {}, status = 200): void {
    renderPage(this.renderer, res, view, title, ctx, status);
  }
}
