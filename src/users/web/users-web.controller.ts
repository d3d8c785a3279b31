import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { DepartmentsService } from '../../departments/departments.service';
import { DepartmentDto } from '../../departments/dto/department.dto';
import { act } from '../../views/act';
import { choices, formDto, parseForm } from '../../views/form';
import { Views } from '../../views/views';
import { CreateUserDto, UpdateUserDto, UserDto } from '../dto/user.dto';
import { ROLE_LABELS, ROLES } from '../role';
import { UsersService } from '../users.service';
import { FormRoute } from '../../views/form-route';

/** The administrator's user management: create, disable, enable, reset a password. */
@ApiExcludeController()
@Controller()
export class UsersWebController {
  constructor(
    private readonly views: Views,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  private async usersPage(res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const [users, departments] = await Promise.all([this.users.list(), this.departments.list(false)]);
    this.views.page(
      res,
      'admin/users',
      '利用者管理',
      {
        users: users.map(UserDto.from),
        departments: departments.map(DepartmentDto.from),
        roles: choices(ROLES, ROLE_LABELS),
        values: {},
        ...extra,
      },
      status,
    );
  }

  @Roles('admin')
  @Get('admin/users')
  async adminUsers(@Res() res: Response) {
    await this.usersPage(res);
  }

  @FormRoute('admin/users', 'admin')
  async adminCreateUser(@Res() res: Response, @Form() { user: actor, body }: FormPost) {
    const input = {
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      departmentId: body.departmentId ? body.departmentId : undefined,
      initialPassword: body.initialPassword ? body.initialPassword : undefined,
    };
    // The temporary password is shown once, on the page itself (never in a URL).
    await act(
      res,
      {
        back: '/admin/users',
        rerender: (found, e) => this.usersPage(res, { errors: found, values: input }, e.status),
        done: ({ user, temporaryPassword }) =>
          this.usersPage(res, { created: { username: user.username, temporaryPassword } }),
      },
      async () => this.users.create(actor, await formDto(CreateUserDto, input)),
    );
  }

  @FormRoute('admin/users/:id', 'admin')
  async adminUpdateUser(
    @Res() res: Response,
    @Form() { user: actor, body }: FormPost,
    @IdParam() id: string,
  ) {
    const refused = (messages: string[], status: number) =>
      this.usersPage(res, { rowErrors: { [id]: messages } }, status);
    const rerender = (_found: unknown, e: { detail: string; status: number }) =>
      refused([e.detail], e.status);
    if (body.action === 'reset-password') {
      return act(
        res,
        {
          back: '/admin/users',
          rerender,
          done: ({ user, temporaryPassword }) =>
            this.usersPage(res, {
              created: { username: user.username, temporaryPassword, reset: true },
            }),
        },
        () => this.users.resetPassword(actor, id, Number(body.version)),
      );
    }
    const input: Record<string, unknown> = { version: Number(body.version) };
    if (body.action === 'disable') input.disabled = true;
    if (body.action === 'enable') input.disabled = false;
    const { dto, errors } = await parseForm(UpdateUserDto, input);
    if (errors) return refused(Object.values(errors).flat(), 400);
    await act(res, { back: '/admin/users', rerender }, () => this.users.update(actor, id, dto));
  }
}
