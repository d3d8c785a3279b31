import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import type { AppError } from '../common/errors/app-error';
import type { HtmlErrorRenderer } from '../common/errors/problem.filter';
import { navigationFor } from './navigation';
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
    const user = (req as Request & { user?: AuthUser }).user;
    const html = this.views.render('error', {
      title: 'エラー',
      user,
      nav: user ? navigationFor(user.role, req.path) : [],
      status: error.status,
      detail: error.detail,
      code: error.code,
    });
    res.status(error.status).type('html').send(html);
  }
}
