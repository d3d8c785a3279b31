import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, parseForm } from '../../views/form';
import { Views } from '../../views/views';
import { DepartmentsService } from '../departments.service';
import { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from '../dto/department.dto';
import { FormRoute } from '../../views/form-route';

/** The administrator's list of departments (課). */
@ApiExcludeController()
@Controller()
export class DepartmentsWebController {
  constructor(
    private readonly views: Views,
    private readonly departments: DepartmentsService,
  ) {}

  private async departmentsPage(res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const departments = await this.departments.list();
    this.views.page(
      res,
      'admin/departments',
      '課の管理',
      { departments: departments.map(DepartmentDto.from), values: {}, ...extra },
      status,
    );
  }

  @Roles('admin')
  @Get('admin/departments')
  async adminDepartments(@Res() res: Response) {
    await this.departmentsPage(res);
  }

  @FormRoute('admin/departments', 'admin')
  async adminCreateDepartment(@Res() res: Response, @Form() { user: actor, body }: FormPost) {
    const input = {
      code: body.code,
      name: body.name,
      division: body.division || undefined,
      isSecretariat: body.isSecretariat === 'on',
    };
    await act(
      res,
      {
        back: '/admin/departments',
        rerender: (found, e) => this.departmentsPage(res, { errors: found, values: input }, e.status),
      },
      async () => this.departments.create(actor, await formDto(CreateDepartmentDto, input)),
    );
  }

  @FormRoute('admin/departments/:id', 'admin')
  async adminUpdateDepartment(
    @Res() res: Response,
    @Form() { user: actor, body }: FormPost,
    @IdParam() id: string,
  ) {
    const input: Record<string, unknown> = { version: Number(body.version) };
    if (body.action === 'disable') input.disabled = true;
    if (body.action === 'enable') input.disabled = false;
    const { dto, errors } = await parseForm(UpdateDepartmentDto, input);
    if (errors) return this.departmentsPage(res, { rowErrors: { [id]: Object.values(errors).flat() } }, 400);
    await act(
      res,
      {
        back: '/admin/departments',
        rerender: (_found, e) => this.departmentsPage(res, { rowErrors: { [id]: [e.detail] } }, e.status),
      },
      () => this.departments.update(actor, id, dto),
    );
  }
}
