import { applyDecorators, Post } from '@nestjs/common';
import { NoAudit } from '../audit/audit.decorators';
import { Roles } from '../auth/decorators';
import type { Role } from '../users/role';

/**
 * A screen's form: `POST path` for `roles`. Not audited by the interceptor, as the service it calls
 * audits the write itself (a refused form is still noted as a refused write). Sets exactly what
 * `@Roles(...roles) @NoAudit() @Post(path)` set; with no roles, the controller's `@Roles` (or the
 * route's own access decorators) apply, as with `@NoAudit() @Post(path)`.
 */
export const FormRoute = (path: string, ...roles: Role[]) =>
  roles.length > 0
    ? applyDecorators(Roles(...roles), NoAudit(), Post(path))
    : applyDecorators(NoAudit(), Post(path));
