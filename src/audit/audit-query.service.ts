import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from './audit-log.entity';
import type { AuditQueryDto } from './dto/audit.dto';

@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async search(
    q: AuditQueryDto,
  ): Promise<{ items: AuditLog[]; total: number; page: number; pageSize: number }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a');
    if (q.actor)
      qb.andWhere('a.actor_name ILIKE :actor', { actor: `%${q.actor.replace(/[\\%_]/g, '\\$&')}%` });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.targetType) qb.andWhere('a.target_type = :tt', { tt: q.targetType });
    if (q.targetId) qb.andWhere('a.target_id = :tid', { tid: q.targetId });
    // Dates are calendar days in Japan time.
    if (q.from)
      qb.andWhere(`a.occurred_at >= (:from::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`, {
        from: q.from.slice(0, 10),
      });
    if (q.to)
      qb.andWhere(`a.occurred_at < ((:to::date) + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`, {
        to: q.to.slice(0, 10),
      });
    const [items, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }
}
