import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { councilForAnonymous, councilIdInContext, setRequestCouncil } from '../database/council-context';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { AppError } from '../common/errors/app-error';
import { toAppError } from '../common/errors/problem.filter';
import type { Role } from '../users/role';
import { isPlatformAdmin, type Principal } from './auth-user';
import { AuthErrors } from './auth.errors';
import {
  ALLOW_PENDING_PASSWORD,
  IS_PUBLIC,
  PLATFORM_KEY,
  ROLES_KEY,
  type PlatformAccess,
} from './decorators';

/**
 * The global guard. Deny by default: a route is reachable only if it is marked @Public()
 * or names the roles allowed (@Roles / @Authenticated). Record-level checks live in services.
 */
@Injectable()
export class GlobalAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      // Public pages still learn who is logged in, when a valid token is present.
      try {
        await super.canActivate(ctx);
      } catch {
        /* anonymous */
      }
      // Anonymous (or the login itself): the deployment's only council, if it has just one. With the
      // database away, none: the route answers for itself (the health check says what is down).
      if (councilIdInContext() === null)
        setRequestCouncil(await councilForAnonymous(this.ds.manager).catch(() => null));
      return true;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const platform = this.reflector.getAllAndOverride<PlatformAccess | undefined>(PLATFORM_KEY, targets);
    if ((!roles || roles.length === 0) && platform !== 'only') throw AuthErrors.roleRequired();

    await super.canActivate(ctx);
    const user = ctx.switchToHttp().getRequest<Request & { user?: Principal }>().user;
    if (!user) throw AuthErrors.tokenInvalid();
    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD, targets)
    ) {
      throw AuthErrors.passwordChangeRequired();
    }
    // The platform administrator manages councils and nothing inside them; a council's roles never
    // reach the platform's routes.
    if (isPlatformAdmin(user)) {
      if (!platform) throw AuthErrors.roleRequired();
      return true;
    }
    if (platform === 'only' || !roles?.includes(user.role)) throw AuthErrors.roleRequired();
    return true;
  }

  override handleRequest<TUser = Principal>(err: unknown, user: TUser | false, info: unknown): TUser {
    if (err instanceof AppError) throw err;
    if (err) {
      // The session lookup failed because the database is away: say so (503), not "log in again".
      const mapped = toAppError(err);
      if (mapped.status === 503) throw mapped;
      throw AuthErrors.tokenInvalid();
    }
    if (!user) {
      const name = (info as { name?: string } | undefined)?.name;
      if (name === 'TokenExpiredError') throw AuthErrors.tokenExpired();
      if (info instanceof Error && /No auth token/i.test(info.message))
        throw new AppError('UNAUTHENTICATED', 401, 'ログインしてください。');
      throw AuthErrors.tokenInvalid();
    }
    return user;
  }
}
