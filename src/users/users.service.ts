import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { SessionService } from '../auth/session.service';
import { hashPassword } from '../auth/auth.service';
import { CommonErrors } from '../common/errors/app-error';
import { Department } from '../departments/department.entity';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { createAccount, generateTemporaryPassword } from './user-factory';
import { User } from './user.entity';
import { UserErrors } from './users.errors';
import { UnitOfWork } from '../database/unit-of-work';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  list(): Promise<User[]> {
    return this.ds
      .getRepository(User)
      .find({ relations: { department: true }, order: { role: 'ASC', username: 'ASC' } });
  }

  async get(id: string): Promise<User> {
    const user = await this.ds
      .getRepository(User)
      .findOne({ where: { id }, relations: { department: true } });
    if (!user) throw UserErrors.notFound();
    return user;
  }

  async create(actor: AuthUser, dto: CreateUserDto): Promise<{ user: User; temporaryPassword?: string }> {
    const { user, temporaryPassword } = await this.uow.run(actor, (m) =>
      createAccount(m, this.audit, actor, {
        username: dto.username,
        displayName: dto.displayName,
        role: dto.role,
        departmentId: dto.departmentId ?? null,
        initialPassword: dto.initialPassword,
      }),
    );
    return { user: await this.get(user.id), temporaryPassword };
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<User> {
    await this.uow.run(actor, async (m) => {
      const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw UserErrors.notFound();
      if (user.version !== dto.version) throw CommonErrors.staleVersion('この利用者');
      const role = dto.role ?? user.role;
      const departmentId = dto.departmentId === undefined ? user.departmentId : dto.departmentId;
      if (role === 'clerk' && !departmentId) throw UserErrors.clerkNeedsDepartment();
      if (departmentId && departmentId !== user.departmentId) {
        const dept = await m.findOne(Department, { where: { id: departmentId } });
        if (!dept || dept.disabled) throw UserErrors.departmentUnknown();
      }
      const disabled = dto.disabled ?? user.disabled;
      if (disabled && id === actor.id) throw UserErrors.cannotDisableSelf();
      if (user.role === 'admin' && (role !== 'admin' || disabled)) await this.ensureAnotherAdmin(m, id);
      const changes = { displayName: dto.displayName ?? user.displayName, role, departmentId, disabled };
      await m.update(User, { id }, changes);
      if (disabled && !user.disabled) {
        await m.query(
          'UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
          [id],
        );
      }
      await this.audit.recordChange(actor, 'update', 'user', id, { ...dto } as Record<string, unknown>, m);
    });
    this.sessions.invalidate();
    return this.get(id);
  }

  /** Issues a new temporary password, unlocks the account and ends its sessions. */
  async resetPassword(
    actor: AuthUser,
    id: string,
    version: number,
  ): Promise<{ user: User; temporaryPassword: string }> {
    const temporaryPassword = generateTemporaryPassword();
    const hash = await hashPassword(temporaryPassword);
    await this.uow.run(actor, async (m) => {
      const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw UserErrors.notFound();
      if (user.version !== version) throw CommonErrors.staleVersion('この利用者');
      await m.query(
        `UPDATE app_user SET password_hash = $2, must_change_password = true, failed_attempts = 0, locked_until = NULL,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, hash],
      );
      await m.query('UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
        id,
      ]);
      await this.audit.recordChange(actor, 'update', 'user', id, { passwordReset: true }, m);
    });
    this.sessions.invalidate();
    return { user: await this.get(id), temporaryPassword };
  }

  private async ensureAnotherAdmin(m: EntityManager, exceptId: string): Promise<void> {
    const rows: { n: string }[] = await m.query(
      `SELECT count(*) AS n FROM app_user WHERE role = 'admin' AND NOT disabled AND id <> $1`,
      [exceptId],
    );
    if (Number(rows[0].n) === 0) throw UserErrors.lastAdmin();
  }
}
