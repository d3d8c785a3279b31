import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from './dto/department.dto';

@ApiTags('部署')
@AuditTarget('department')
@Controller('api/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Roles('admin', 'secretariat', 'clerk', 'member', 'chair')
  @ApiOperation({ summary: '部署の一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: [DepartmentDto] })
  async list(): Promise<DepartmentDto[]> {
    return (await this.departments.list()).map(DepartmentDto.from);
  }

  @Roles('admin')
  @NoAudit()
  @ApiOperation({ summary: '部署を登録する' })
  @Post()
  @ApiCreatedResponse({ type: DepartmentDto })
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departments.create(actor, dto));
  }

  @Roles('admin')
  @NoAudit()
  @ApiOperation({ summary: '部署を変更する' })
  @Patch(':id')
  @ApiOkResponse({ type: DepartmentDto })
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateDepartmentDto,
  ): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.departments.update(actor, id, dto));
  }
}
