import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AppError } from '../common/errors/app-error';
import type { HtmlErrorRenderer } from '../common/errors/problem.filter';
import { renderPage } from './page';
import { VIEW_RENDERER, type ViewRenderer } from './view-renderer';

@Injectable()
export class WebErrorRenderer implements HtmlErrorRenderer {
  constructor(@Inject(VIEW_RENDERER) private readonly views: ViewRenderer) {}

  renderError(req: Request, res: Response, error: AppError): void {
    if (error.status === 401) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${next}`);
      return;
    }
    if (error.code === 'AUTH_PASSWORD_CHANGE_REQUIRED') {
      res.redirect(303, '/password');
      return;
    }
    // The shared layout context (user with role label, menu); the page's own flash is not shown.
    renderPage(
      this.views,
      res,
      'error',
      'エラー',
      { status: error.status, detail: error.detail, code: error.code, notice: null, error: null },
      error.status,
    );
  }
}
