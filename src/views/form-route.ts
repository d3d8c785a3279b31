import { applyDecorators, Post } from '@nestjs/common';
import { NoAudit } from '../audit/audit.decorators';
import { Roles } from '../auth/decorators';
import type { Role } from '../users/role';

/**
 * A screen's form: `POST path` for `roles`. Not audited by the interceptor, as the service it calls
 * audits the write itself (a refused form is still noted as a refused write). Sets exactly what
 * `@Roles(...roles) @NoAudit() @Post(path)` set.
 */
export const FormRoute = (path: string, ...roles: Role[]) =>
  applyDecorators(Roles(...roles), NoAudit(), Post(path));
