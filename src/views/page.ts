import type { Request, Response } from 'express';
import { ACCOUNT_ROLE_LABELS, type AccountRole } from '../users/role';
import { navigationFor } from './navigation';
import type { ViewRenderer } from './view-renderer';

/** What the page frame reads of the signed-in user (whoever authenticated the request). */
interface PageUser {
  role: AccountRole;
  mustChangePassword: boolean;
}

/** Renders a view in the main layout with the user, the menu and the page title. */
export function renderPage(
  views: ViewRenderer,
  res: Response,
  view: string,
  title: string,
  ctx: Record<string, unknown> = {},
  status = 200,
): void {
  const req = res.req;
  const user = (req as Request & { user?: PageUser }).user;
  const html = views.render(view, {
    title,
    user: user ? { ...user, roleLabel: ACCOUNT_ROLE_LABELS[user.role] } : null,
    nav: user && !user.mustChangePassword ? navigationFor(user.role, req.path) : [],
    notice: typeof req.query.notice === 'string' ? req.query.notice : null,
    error: typeof req.query.error === 'string' ? req.query.error : null,
    ...ctx,
  });
  res.status(status).type('html').send(html);
}

/** Back to a page with a one-line message (PRG: a reload never repeats the action). */
export function redirectWith(res: Response, path: string, kind: 'notice' | 'error', message: string): void {
  // The message goes into the query, before any #fragment (else the page never shows it).
  const hash = path.indexOf('#');
  const [base, fragment] = hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  const sep = base.includes('?') ? '&' : '?';
  res.redirect(303, `${base}${sep}${kind}=${encodeURIComponent(message.slice(0, 500))}${fragment}`);
}
