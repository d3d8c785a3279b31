import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ROLES, type Role } from '../users/role';
import type { AuthUser, Principal } from './auth-user';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const ALLOW_PENDING_PASSWORD = 'auth:allowPendingPassword';
export const PLATFORM_KEY = 'auth:platform';

/** How a route treats the platform administrator: its own route (`only`), or open to it too (`also`). */
export type PlatformAccess = 'only' | 'also';

/**
 * Open to anyone, without login. Everything else is closed by default. The OpenAPI document learns
 * it through `x-public` (such operations need no security and never answer 401).
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** Roles allowed on a route or controller (method-level wins). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any logged-in user, whatever the role. */
export const Authenticated = () => SetMetadata(ROLES_KEY, [...ROLES]);

/**
 * The platform administrator's routes (the councils of the deployment): it alone may use them; every
 * council role gets 403. The OpenAPI document says so with `x-platform-admin` and on each route's 403.
 */
export const PlatformAdminOnly = () =>
  applyDecorators(
    SetMetadata(PLATFORM_KEY, 'only'),
    ApiExtension('x-platform-admin', 'only'),
    ApiForbiddenResponse({
      description: 'プラットフォーム管理者以外（審議会の利用者は管理者を含めて利用できない）',
    }),
  );

/**
 * A council route the platform administrator may use as well: its own session (me, logout, password).
 * Every other council route refuses it (403).
 */
export const AllowPlatformAdmin = () =>
  applyDecorators(SetMetadata(PLATFORM_KEY, 'also'), ApiExtension('x-platform-admin', 'also'));

/** Reachable while the user still has to change an initial or reset password. */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser | undefined => {
  return ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
});

/** What a screen's form handler reads of a POST: who posted it and the fields as posted (strings). */
export interface FormPost {
  user: AuthUser;
  body: Record<string, unknown>;
}

/** The signed-in user and the posted form of a screen's POST route (`@Form() { user, body }: FormPost`). */
export const Form = createParamDecorator((_: unknown, ctx: ExecutionContext): FormPost => {
  const req = ctx.switchToHttp().getRequest<Request & { user: AuthUser; body: Record<string, unknown> }>();
  return { user: req.user, body: req.body };
});

/**
 * The signed-in principal of a route open to the platform administrator (`@PlatformAdminOnly()`,
 * `@AllowPlatformAdmin()`): a council user or the platform administrator.
 */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined =>
    ctx.switchToHttp().getRequest<Request & { user?: Principal }>().user,
);
