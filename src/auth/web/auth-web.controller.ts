import { Body, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { requestMeta } from '../../common/http/request-meta';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { act } from '../../views/act';
import { parseForm, type FormBody } from '../../views/form';
import { Views } from '../../views/views';
import { isPlatformAdmin, type Principal } from '../auth-user';
import { PLATFORM_ADMIN } from '../../users/role';
import { clearSessionCookie, setSessionCookie } from '../auth.controller';
import { AuthService } from '../auth.service';
import {
  AllowPendingPasswordChange,
  AllowPlatformAdmin,
  Authenticated,
  CurrentPrincipal,
  Public,
} from '../decorators';
import { ChangePasswordDto, LoginDto } from '../dto/login.dto';
import { PASSWORD_MIN_LENGTH } from '../password-policy';
import { FormRoute } from '../../views/form-route';

/** Only same-site relative paths are followed after login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) && !next.startsWith('/login')
    ? next
    : '/';
}

/** The platform administrator's home: the councils (the council screens are not theirs). */
const PLATFORM_HOME = '/platform/councils';

/** Signing in and out, and changing one's password. */
@ApiExcludeController()
@Controller()
export class AuthWebController {
  constructor(
    private readonly views: Views,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Get('login')
  loginPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): void {
    const user = (req as Request & { user?: Principal }).user;
    if (user) return res.redirect(303, isPlatformAdmin(user) ? PLATFORM_HOME : safeNext(next));
    this.views.page(res, 'login', 'ログイン', { next: safeNext(next), values: {} });
  }

  @Public()
  @FormRoute('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: FormBody) {
    const next = safeNext(body.next);
    const { dto, errors } = await parseForm(LoginDto, { username: body.username, password: body.password });
    const values = { username: typeof body.username === 'string' ? body.username : '' };
    const again = (errors: Record<string, string[]>, status: number) =>
      this.views.page(res, 'login', 'ログイン', { errors, values, next }, status);
    if (errors) return again(errors, 400);
    await act(
      res,
      {
        back: '/login',
        next: (result) =>
          result.user.mustChangePassword
            ? '/password'
            : (result.user.role as string) === PLATFORM_ADMIN
              ? PLATFORM_HOME
              : next,
        rerender: (_errors, e) => {
          // A council being restored: the login page says so, with when to try again.
          if (typeof e.extensions.retryAfterSeconds === 'number')
            res.setHeader('Retry-After', String(e.extensions.retryAfterSeconds));
          again({ _: [e.detail] }, e.status);
        },
      },
      async () => {
        const result = await this.auth.login(dto.username, dto.password, requestMeta(req));
        setSessionCookie(res, this.config, result.accessToken);
        return result;
      },
    );
  }

  @Authenticated()
  @AllowPlatformAdmin()
  @AllowPendingPasswordChange()
  @FormRoute('logout')
  async logout(@CurrentPrincipal() user: Principal, @Req() req: Request, @Res() res: Response) {
    await this.auth.logout(user, requestMeta(req));
    clearSessionCookie(res, this.config);
    res.redirect(303, '/login?loggedOut=1');
  }

  @Authenticated()
  @AllowPlatformAdmin()
  @AllowPendingPasswordChange()
  @Get('password')
  passwordPage(@Res() res: Response, @CurrentPrincipal() user: Principal): void {
    this.views.page(res, 'password', 'パスワード変更', {
      forced: user.mustChangePassword,
      minLength: PASSWORD_MIN_LENGTH,
    });
  }

  @Authenticated()
  @AllowPlatformAdmin()
  @AllowPendingPasswordChange()
  @FormRoute('password')
  async changePassword(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() user: Principal,
    @Body() body: FormBody,
  ) {
    const again = (errors: Record<string, string[]>) =>
      this.views.page(
        res,
        'password',
        'パスワード変更',
        { forced: user.mustChangePassword, minLength: PASSWORD_MIN_LENGTH, errors },
        400,
      );
    const { dto, errors } = await parseForm(ChangePasswordDto, {
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
    });
    if (errors) return again(errors);
    if (body.newPassword !== body.confirmPassword)
      return again({ confirmPassword: ['確認用のパスワードが一致しません'] });
    await act(
      res,
      {
        back: '/password',
        next: isPlatformAdmin(user) ? PLATFORM_HOME : '/',
        notice: 'パスワードを変更しました。',
        rerender: (found) => again(found),
      },
      () => this.auth.changePassword(user, dto.currentPassword, dto.newPassword, requestMeta(req)),
    );
  }
}
