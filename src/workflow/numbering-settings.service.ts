import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { Municipality } from '../council/municipality.entity';
import type { UpdateNumberingSettingDto } from './dto/numbering-setting.dto';
import { actorOf } from '../auth/actor';
import { findCurrentCouncil } from '../council/current-council';
import { UnitOfWork } from '../database/unit-of-work';

/** The municipality's numbering scheme of 受付番号 and 答申番号. */
@Injectable()
export class NumberingSettingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<Municipality> {
    const m = await findCurrentCouncil(this.ds.manager);
    if (!m) throw CommonErrors.notFound('自治体の設定');
    return m;
  }

  /**
   * Switching takes effect for the next number drawn. A continuous counter starts at 1 the
   * first time it is used; per-fiscal-year counters keep their position.
   */
  async update(actor: AuthUser, dto: UpdateNumberingSettingDto): Promise<Municipality> {
    await this.uow.run(actor, async (m) => {
      const row = await findCurrentCouncil(m, { lock: true });
      if (!row) throw CommonErrors.notFound('自治体の設定');
      if (row.version !== dto.version) throw CommonErrors.staleVersion('番号の付け方の設定');
      if (row.numbering === dto.numbering) return;
      await m.update(Municipality, { id: row.id }, { numbering: dto.numbering });
      await this.audit.record(
        {
          actor: actorOf(actor),
          action: 'update',
          targetType: 'municipality',
          targetId: String(row.id),
          detail: { numbering: { from: row.numbering, to: dto.numbering } },
        },
        m,
      );
    });
    return this.get();
  }
}
