import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { actorOf } from '../../auth/actor';
import type { AuthUser } from '../../auth/auth-user';
import { currentCouncil } from '../../council/current-council';
import { UnitOfWork } from '../../database/unit-of-work';
import type { SynonymListDto } from '../dto/synonyms.dto';
import { forgetSynonyms, loadSynonyms, replaceSynonyms } from './synonyms';

/** The secretariat's list of related words that widen the public search. */
@Injectable()
export class SynonymsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<SynonymListDto> {
    const council = await currentCouncil(this.ds.manager);
    return { groups: (await loadSynonyms(this.ds.manager, council.id)).map((words) => ({ words })) };
  }

  async replace(user: AuthUser, dto: SynonymListDto): Promise<SynonymListDto> {
    const groups = dto.groups.map((g) => [...new Set(g.words.map((w) => w.trim()).filter(Boolean))]);
    let councilId: number | null = null;
    await this.uow.run(user, async (m) => {
      const council = await currentCouncil(m);
      councilId = council.id;
      await replaceSynonyms(
        m,
        council.id,
        groups.filter((g) => g.length >= 2),
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'update',
          targetType: 'public_synonym',
          targetId: String(council.id),
          detail: { groups },
        },
        m,
      );
    });
    // Again after commit: a search between the change and the commit may have cached the old list.
    if (councilId !== null) forgetSynonyms(councilId);
    return this.list();
  }
}
