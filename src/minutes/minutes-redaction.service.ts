import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { Minutes, MinutesMask, MinutesRedactionSetting } from './minutes.entity';
import { MinutesErrors } from './minutes.errors';
import { loadRecordPeople } from './minutes-record';
import { minutesMachine } from './minutes-state-machine';
import { lockMinutes, lockMinutesById, recordMinutes } from './minutes-tx';
import { buildPublicLines, proposeMasks } from './redaction/public-version';
import { actorOf } from '../auth/actor';
import { minutesRedactionSetting } from '../council/current-council';
import { UnitOfWork } from '../database/unit-of-work';

/** Redaction for publication: proposed masks, the secretariat's decisions, the public text. */
@Injectable()
export class MinutesRedactionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** The publish step of a state change (MinutesService.act): every mask decided, the public text built. */
  async publish(m: EntityManager, minutes: Minutes, detail: Record<string, unknown>): Promise<void> {
    if (!minutes.redactionPrepared) throw MinutesErrors.redactionNotPrepared();
    const masks = await m.find(MinutesMask, { where: { minutesId: minutes.id } });
    const undecided = masks.filter((x) => x.status === 'proposed').length;
    if (undecided) throw MinutesErrors.masksUndecided(undecided);
    const accepted = masks.filter((x) => x.status === 'accepted');
    minutes.publicLines = buildPublicLines(minutes.lines, accepted);
    minutes.publishedAt = new Date();
    Object.assign(detail, { masks: accepted.length, publicLines: minutes.publicLines.length });
  }

  /** Runs detection over the confirmed minutes and records every proposal and allow-list hit. */
  async prepareRedaction(user: AuthUser, meetingId: string): Promise<MinutesMask[]> {
    return this.uow.run(user, async (m) => {
      const minutes = await lockMinutes(m, meetingId);
      if (minutes.state !== 'confirmed')
        throw MinutesErrors.notConfirmed(minutesMachine.label(minutes.state));
      await m.delete(MinutesMask, { minutesId: minutes.id });
      const setting = await minutesRedactionSetting(m);
      const people = await loadRecordPeople(m, minutes.meetingId, setting);
      const candidates = proposeMasks(minutes.lines, people, setting.allowList);
      const now = new Date();
      const rows = await m.save(
        candidates.map((c) =>
          m.create(MinutesMask, {
            ...c,
            minutesId: minutes.id,
            decidedById: c.status === 'allowed' ? user.id : null,
            decidedAt: c.status === 'allowed' ? now : null,
          }),
        ),
      );
      minutes.redactionPrepared = true;
      await m.save(minutes);
      await recordMinutes(this.audit, m, user, 'minutes.redaction.prepare', minutes, {
        proposed: rows.filter((r) => r.status === 'proposed').length,
        allowed: rows
          .filter((r) => r.status === 'allowed')
          .map((r) => ({ text: r.original, as: r.allowedAs })),
      });
      return rows;
    });
  }

  async decideMask(
    user: AuthUser,
    maskId: string,
    accept: boolean,
    replacement?: string | null,
  ): Promise<MinutesMask> {
    return this.uow.run(user, async (m) => {
      const mask = await m.findOne(MinutesMask, { where: { id: maskId } });
      if (!mask) throw MinutesErrors.maskNotFound();
      const minutes = await lockMinutesById(m, mask.minutesId);
      if (minutes.state !== 'confirmed')
        throw MinutesErrors.notConfirmed(minutesMachine.label(minutes.state));
      mask.status = accept ? 'accepted' : 'rejected';
      if (accept && replacement?.trim()) mask.replacement = replacement.trim();
      mask.decidedById = user.id;
      mask.decidedAt = new Date();
      const saved = await m.save(mask);
      await recordMinutes(
        this.audit,
        m,
        user,
        accept ? 'minutes.mask.accept' : 'minutes.mask.reject',
        minutes,
        {
          mask: mask.id,
          line: mask.lineKey,
          kind: mask.kind,
          original: mask.original,
          replacement: mask.replacement,
        },
      );
      return saved;
    });
  }

  async updateSetting(
    user: AuthUser,
    input: Pick<MinutesRedactionSetting, 'explainerNames' | 'secretariatNames' | 'allowList' | 'version'>,
  ): Promise<MinutesRedactionSetting> {
    return this.uow.run(user, async (m) => {
      const s = await minutesRedactionSetting(m, { lock: true });
      if (s.version !== input.version) throw CommonErrors.staleVersion('公開時の氏名の扱い');
      s.explainerNames = input.explainerNames;
      s.secretariatNames = input.secretariatNames;
      s.allowList = input.allowList;
      const saved = await m.save(s);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'update',
          targetType: 'minutes_redaction_setting',
          targetId: String(s.id),
          detail: { ...input },
        },
        m,
      );
      return saved;
    });
  }
}
