import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditQueryService } from '../audit/audit-query.service';
import { AuditAs, NoAudit } from '../audit/audit.decorators';
import { AuditQueryDto } from '../audit/dto/audit.dto';
import type { AuthUser } from '../auth/auth-user';
import { clearSessionCookie, setSessionCookie } from '../auth/auth.controller';
import { AuthService } from '../auth/auth.service';
import { AllowPendingPasswordChange, Authenticated, CurrentUser, Public, Roles } from '../auth/decorators';
import { ChangePasswordDto, LoginDto } from '../auth/dto/login.dto';
import { PASSWORD_MIN_LENGTH } from '../auth/password-policy';
import { AppError } from '../common/errors/app-error';
import { IdPipe } from '../common/http/id.pipe';
import { requestMeta } from '../common/http/request-meta';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DepartmentsService } from '../departments/departments.service';
import { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from '../departments/dto/department.dto';
import { CreateUserDto, UpdateUserDto, UserDto } from '../users/dto/user.dto';
import { ROLE_LABELS, ROLES } from '../users/role';
import { UsersService } from '../users/users.service';
import { DashboardService } from './dashboard.service';
import { formErrorsOf, parseForm, type FormErrors } from './form';
import { renderPage } from './page';
import { VIEW_RENDERER, type ViewRenderer } from './view-renderer';

type FormBody = Record<string, unknown>;

/** Only same-site relative paths are followed after login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) && !next.startsWith('/login')
    ? next
    : '/';
}

@ApiExcludeController()
@Controller()
export class WebController {
  constructor(
    @Inject(VIEW_RENDERER) private readonly views: ViewRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly auditQuery: AuditQueryService,
    private readonly dashboard: DashboardService,
  ) {}

  private page(
    res: Response,
    req: Request,
    view: string,
    title: string,
    ctx: Record<string, unknown> = {},
    status = 200,
  ): void {
    renderPage(this.views, req, res, view, title, ctx, status);
  }

  // ---- login / logout / password ----

  @Public()
  @Get('login')
  loginPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): void {
    if ((req as Request & { user?: AuthUser }).user) return res.redirect(303, safeNext(next));
    this.page(res, req, 'login', 'ログイン', { next: safeNext(next), values: {} });
  }

  @Public()
  @NoAudit()
  @Post('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const next = safeNext(body.next);
    const { dto, errors } = await parseForm(LoginDto, { username: body.username, password: body.password });
    const values = { username: typeof body.username === 'string' ? body.username : '' };
    if (errors) return this.page(res, req, 'login', 'ログイン', { errors, values, next }, 400);
    try {
      const result = await this.auth.login(dto.username, dto.password, requestMeta(req));
      setSessionCookie(res, this.config, result.accessToken);
      res.redirect(303, result.user.mustChangePassword ? '/password' : next);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      this.page(res, req, 'login', 'ログイン', { errors: { _: [e.detail] }, values, next }, e.status);
    }
  }

  @Authenticated()
  @AllowPendingPasswordChange()
  @NoAudit()
  @Post('logout')
  async logout(@CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auth.logout(user, requestMeta(req));
    clearSessionCookie(res, this.config);
    res.redirect(303, '/login?loggedOut=1');
  }

  @Authenticated()
  @AllowPendingPasswordChange()
  @Get('password')
  passwordPage(@Req() req: Request, @Res() res: Response, @CurrentUser() user: AuthUser): void {
    this.page(res, req, 'password', 'パスワード変更', {
      forced: user.mustChangePassword,
      minLength: PASSWORD_MIN_LENGTH,
    });
  }

  @Authenticated()
  @AllowPendingPasswordChange()
  @NoAudit()
  @Post('password')
  async changePassword(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Body() body: FormBody,
  ): Promise<void> {
    const { dto, errors } = await parseForm(ChangePasswordDto, {
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
    });
    let formErrors: FormErrors | null = errors;
    if (!formErrors && body.newPassword !== body.confirmPassword) {
      formErrors = { confirmPassword: ['確認用のパスワードが一致しません'] };
    }
    if (!formErrors) {
      try {
        await this.auth.changePassword(user, dto.currentPassword, dto.newPassword, requestMeta(req));
        return res.redirect(303, '/?notice=password');
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        formErrors = formErrorsOf(e);
      }
    }
    this.page(
      res,
      req,
      'password',
      'パスワード変更',
      { forced: user.mustChangePassword, minLength: PASSWORD_MIN_LENGTH, errors: formErrors },
      400,
    );
  }

  // ---- dashboard ----

  @Authenticated()
  @Get()
  async home(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Query('notice') notice?: string,
  ): Promise<void> {
    const data = await this.dashboard.forUser(user);
    this.page(res, req, 'dashboard', 'ダッシュボード', {
      ...data,
      previousLoginAt: user.previousLoginAt,
      notice: notice === 'password' ? 'パスワードを変更しました。' : null,
    });
  }

  // ---- admin: users ----

  private async usersPage(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const [users, departments] = await Promise.all([this.users.list(), this.departments.list(false)]);
    this.page(
      res,
      req,
      'admin/users',
      '利用者管理',
      {
        users: users.map(UserDto.from),
        departments: departments.map(DepartmentDto.from),
        roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
        values: {},
        ...extra,
      },
      status,
    );
  }

  @Roles('admin')
  @Get('admin/users')
  async adminUsers(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.usersPage(req, res);
  }

  @Roles('admin')
  @NoAudit()
  @Post('admin/users')
  async adminCreateUser(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() actor: AuthUser,
    @Body() body: FormBody,
  ): Promise<void> {
    const input = {
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      departmentId: body.departmentId ? body.departmentId : undefined,
      initialPassword: body.initialPassword ? body.initialPassword : undefined,
    };
    const { dto, errors } = await parseForm(CreateUserDto, input);
    if (errors) return this.usersPage(req, res, { errors, values: input }, 400);
    try {
      const { user, temporaryPassword } = await this.users.create(actor, dto);
      await this.usersPage(req, res, { created: { username: user.username, temporaryPassword } });
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      await this.usersPage(req, res, { errors: formErrorsOf(e), values: input }, e.status);
    }
  }

  @Roles('admin')
  @NoAudit()
  @Post('admin/users/:id')
  async adminUpdateUser(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    try {
      if (body.action === 'reset-password') {
        const { user, temporaryPassword } = await this.users.resetPassword(actor, id, Number(body.version));
        return this.usersPage(req, res, {
          created: { username: user.username, temporaryPassword, reset: true },
        });
      }
      const input: Record<string, unknown> = { version: Number(body.version) };
      if (body.action === 'disable') input.disabled = true;
      if (body.action === 'enable') input.disabled = false;
      const { dto, errors } = await parseForm(UpdateUserDto, input);
      if (errors) return this.usersPage(req, res, { rowErrors: { [id]: Object.values(errors).flat() } }, 400);
      await this.users.update(actor, id, dto);
      res.redirect(303, '/admin/users');
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      await this.usersPage(req, res, { rowErrors: { [id]: [e.detail] } }, e.status);
    }
  }

  // ---- admin: departments ----

  private async departmentsPage(
    req: Request,
    res: Response,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const departments = await this.departments.list();
    this.page(
      res,
      req,
      'admin/departments',
      '課の管理',
      { departments: departments.map(DepartmentDto.from), values: {}, ...extra },
      status,
    );
  }

  @Roles('admin')
  @Get('admin/departments')
  async adminDepartments(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.departmentsPage(req, res);
  }

  @Roles('admin')
  @NoAudit()
  @Post('admin/departments')
  async adminCreateDepartment(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() actor: AuthUser,
    @Body() body: FormBody,
  ): Promise<void> {
    const input = {
      code: body.code,
      name: body.name,
      division: body.division || undefined,
      isSecretariat: body.isSecretariat === 'on',
    };
    const { dto, errors } = await parseForm(CreateDepartmentDto, input);
    if (errors) return this.departmentsPage(req, res, { errors, values: input }, 400);
    try {
      await this.departments.create(actor, dto);
      res.redirect(303, '/admin/departments');
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      await this.departmentsPage(req, res, { errors: formErrorsOf(e), values: input }, e.status);
    }
  }

  @Roles('admin')
  @NoAudit()
  @Post('admin/departments/:id')
  async adminUpdateDepartment(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const input: Record<string, unknown> = { version: Number(body.version) };
    if (body.action === 'disable') input.disabled = true;
    if (body.action === 'enable') input.disabled = false;
    const { dto, errors } = await parseForm(UpdateDepartmentDto, input);
    if (errors)
      return this.departmentsPage(req, res, { rowErrors: { [id]: Object.values(errors).flat() } }, 400);
    try {
      await this.departments.update(actor, id, dto);
      res.redirect(303, '/admin/departments');
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      await this.departmentsPage(req, res, { rowErrors: { [id]: [e.detail] } }, e.status);
    }
  }

  // ---- admin: audit log ----

  @Roles('admin')
  @AuditAs('view')
  @Get('admin/audit')
  async adminAudit(
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Record<string, string>,
  ): Promise<void> {
    const filters = {
      actor: query.actor || undefined,
      action: query.action || undefined,
      targetType: query.targetType || undefined,
      from: query.from || undefined,
      to: query.to || undefined,
      page: query.page || undefined,
    };
    const { dto, errors } = await parseForm(AuditQueryDto, filters);
    const result = errors
      ? { items: [], total: 0, page: 1, pageSize: 50 }
      : await this.auditQuery.search(dto);
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const qs = (page: number) =>
      '?' +
      new URLSearchParams({
        ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
        page: String(page),
      } as Record<string, string>).toString();
    this.page(
      res,
      req,
      'admin/audit',
      '監査ログ',
      {
        entries: result.items,
        total: result.total,
        page: result.page,
        pages,
        prev: result.page > 1 ? qs(result.page - 1) : null,
        next: result.page < pages ? qs(result.page + 1) : null,
        filters,
        errors,
      },
      errors ? 400 : 200,
    );
  }
}
