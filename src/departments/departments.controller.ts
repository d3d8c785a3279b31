import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from './dto/department.dto';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

@ApiTags('部署')
@AuditTarget('department')
@Controller('api/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @ApiGet('', '部署の一覧を取得する', ['admin', 'secretariat', 'clerk', 'member', 'chair'], [DepartmentDto])
  async list(): Promise<DepartmentDto[]> {
    return (await this.departments.list()).map(DepartmentDto.from);
  }

  @ApiCreate('', '部署を登録する', ['admin'], DepartmentDto)
  @NoAudit()
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departments.create(actor, dto));
  }

  @ApiWrite('patch', ':id', '部署を変更する', ['admin'], DepartmentDto)
  @NoAudit()
  async update(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateDepartmentDto,
  ): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departments.update(actor, id, dto));
  }
}
