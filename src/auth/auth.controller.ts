import { Body, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiTags, ApiUnauthorizedResponse, ApiResponse, ApiNoContentResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import { requestMeta } from '../common/http/request-meta';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { AccountRole } from '../users/role';
import type { Principal } from './auth-user';
import { AuthService } from './auth.service';
import { AllowPendingPasswordChange, AllowPlatformAdmin, CurrentPrincipal, Public } from './decorators';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import { LoginResponseDto, MeDto } from './dto/session.dto';
import { SESSION_COOKIE } from './jwt.strategy';
import { ApiGet, ApiWrite } from '../common/openapi/route';

export function setSessionCookie(res: Response, config: AppConfig, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
    path: '/',
    maxAge: config.tokenTtlSeconds * 1000,
  });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
    path: '/',
  });
}

@ApiTags('認証')
@AuditTarget('user')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @NoAudit()
  @ApiWrite(
    'post',
    'login',
    'ログインする（トークンとセッション Cookie を発行）',
    'controller',
    LoginResponseDto,
  )
  @ApiUnauthorizedResponse({ description: 'ユーザー名またはパスワードが違う' })
  @ApiResponse({
    status: 423,
    description: '失敗が続いたためアカウントが一時的にロックされている（lockedUntil まで）',
  })
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const result = await this.auth.login(dto.username, dto.password, requestMeta(req));
    setSessionCookie(res, this.config, result.accessToken);
    const u = result.user;
    return {
      accessToken: result.accessToken,
      tokenType: 'Bearer',
      expiresIn: result.expiresIn,
      user: MeDto.from({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role as AccountRole, // the platform administrator's login reads its account too
        departmentId: u.departmentId,
        departmentName: u.department?.name ?? null,
        mustChangePassword: u.mustChangePassword,
        previousLoginAt: result.previousLoginAt,
        councilId: result.councilId,
      }),
    };
  }

  @ApiWrite('post', 'logout', 'ログアウトする', 'authenticated')
  @AllowPlatformAdmin()
  @AllowPendingPasswordChange()
  @NoAudit()
  async logout(
    @CurrentPrincipal() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logout(user, requestMeta(req));
    clearSessionCookie(res, this.config);
  }

  @ApiGet('me', 'ログイン中の利用者を取得する', 'authenticated', MeDto)
  @AllowPlatformAdmin()
  @AllowPendingPasswordChange()
  me(@CurrentPrincipal() user: Principal): MeDto {
    return MeDto.from(user);
  }

  @ApiWrite('post', 'password', '自分のパスワードを変更する', 'authenticated')
  @AllowPlatformAdmin()
  @AllowPendingPasswordChange()
  @NoAudit()
  @ApiResponse({
    status: 423,
    description: '失敗が続いたためアカウントが一時的にロックされている（lockedUntil まで）',
  })
  @ApiNoContentResponse({ description: '変更した' })
  async changePassword(
    @CurrentPrincipal() user: Principal,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    await this.auth.changePassword(user, dto.currentPassword, dto.newPassword, requestMeta(req));
  }
}
