import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { SessionService } from '../auth/session.service';
import { AppError, CommonErrors, notFoundError } from '../common/errors/app-error';
import { Department } from './department.entity';
import { CreateDepartmentDto, UpdateDepartmentDto } from './dto/department.dto';
import { UnitOfWork } from '../database/unit-of-work';

export const DepartmentErrors = {
  notFound: () => notFoundError('DEPARTMENT_NOT_FOUND', '課'),
  duplicate: () =>
    new AppError('DEPARTMENT_DUPLICATE', 409, '同じコードまたは名称の課が既に登録されています。', {
      errors: [{ field: 'code', messages: ['コードまたは名称が重複しています'] }],
    }),
};

@Injectable()
export class DepartmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  list(includeDisabled = true): Promise<Department[]> {
    return this.ds.getRepository(Department).find({
      where: includeDisabled ? {} : { disabled: false },
      order: { division: 'ASC', name: 'ASC' },
    });
  }

  async get(id: string): Promise<Department> {
    const d = await this.ds.getRepository(Department).findOne({ where: { id } });
    if (!d) throw DepartmentErrors.notFound();
    return d;
  }

  async create(actor: AuthUser, dto: CreateDepartmentDto): Promise<Department> {
    return this.uow.run(actor, async (m) => {
      const clash = await m
        .getRepository(Department)
        .createQueryBuilder('d')
        .where('d.code = :code OR d.name = :name', { code: dto.code, name: dto.name })
        .getExists();
      if (clash) throw DepartmentErrors.duplicate();
      const saved = await m.save(
        m.create(Department, {
          code: dto.code,
          name: dto.name,
          division: dto.division || null,
          isSecretariat: dto.isSecretariat ?? false,
        }),
      );
      await this.audit.recordChange(actor, 'create', 'department', saved.id, { name: saved.name }, m);
      return saved;
    });
  }

  async update(actor: AuthUser, id: string, dto: UpdateDepartmentDto): Promise<Department> {
    const saved = await this.uow.run(actor, async (m) => {
      const d = await m.findOne(Department, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d) throw DepartmentErrors.notFound();
      if (d.version !== dto.version) throw CommonErrors.staleVersion('この課');
      if (dto.name && dto.name !== d.name) {
        const clash = await m.getRepository(Department).exists({ where: { name: dto.name } });
        if (clash) throw DepartmentErrors.duplicate();
      }
      d.name = dto.name ?? d.name;
      d.division = dto.division === undefined ? d.division : dto.division || null;
      d.disabled = dto.disabled ?? d.disabled;
      const stored = await m.save(d);
      await this.audit.recordChange(
        actor,
        'update',
        'department',
        id,
        { ...dto } as Record<string, unknown>,
        m,
      );
      return stored;
    });
    this.sessions.invalidate();
    return saved;
  }
}
