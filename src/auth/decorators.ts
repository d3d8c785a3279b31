import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { ROLES, type Role } from '../users/role';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const ALLOW_PENDING_PASSWORD = 'auth:allowPendingPassword';

/**
 * Open to anyone, without login. Everything else is closed by default. The OpenAPI document learns
 * it through `x-public` (such operations need no security and never answer 401).
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** Roles allowed on a route or controller (method-level wins). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any logged-in user, whatever the role. */
export const Authenticated = () => SetMetadata(ROLES_KEY, [...ROLES]);

/** Reachable while the user still has to change an initial or reset password. */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser | undefined => {
  return ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
});
