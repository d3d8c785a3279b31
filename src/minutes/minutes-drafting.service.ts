import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { CommonErrors } from '../common/errors/app-error';
import { Meeting } from '../meetings/meeting.entity';
import { MEETING_STATE_LABELS } from '../meetings/meeting-state-machine';
import { Minutes } from './minutes.entity';
import { MinutesErrors } from './minutes.errors';
import { generateMinutes } from './minutes-generator';
import { editLine, mergeRegenerated, type MinutesLine, type SpeakerRole } from './minutes-lines';
import { loadMinutesRecord } from './minutes-record';
import { assertDrafting, assertVersion, lockMinutes, recordMinutes } from './minutes-tx';
import { UnitOfWork } from '../database/unit-of-work';

/** Drafting the minutes: generated from the meeting's record, then edited line by line. */
@Injectable()
export class MinutesDraftingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** Creates the draft from the record, or regenerates it keeping hand edits (with warnings). */
  async generate(user: AuthUser, meetingId: string, version?: number): Promise<Minutes> {
    return this.uow.run(user, async (m) => {
      const meeting = await m.findOne(Meeting, {
        where: { id: meetingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!meeting) throw CommonErrors.notFound('会議');
      if (meeting.state !== 'held' && meeting.state !== 'closed')
        throw MinutesErrors.meetingNotHeld(MEETING_STATE_LABELS[meeting.state]);
      const fresh = generateMinutes(await loadMinutesRecord(m, meeting));
      const existing = await m.findOne(Minutes, { where: { meetingId } });
      if (!existing) {
        const created = await m.save(
          m.create(Minutes, {
            meetingId,
            state: 'drafting',
            lines: fresh.map((g) => ({
              ...g,
              source: 'generated' as const,
              generatedText: g.text,
              after: null,
            })),
            warnings: [],
            publicLines: null,
            updatedById: user.id,
          }),
        );
        await recordMinutes(this.audit, m, user, 'create', created, { lines: created.lines.length });
        return created;
      }
      assertDrafting(existing);
      assertVersion(existing, version);
      const { lines, warnings } = mergeRegenerated(existing.lines, fresh);
      existing.lines = lines;
      existing.warnings = warnings;
      existing.updatedById = user.id;
      const saved = await m.save(existing);
      await recordMinutes(this.audit, m, user, 'minutes.regenerate', saved, {
        lines: lines.length,
        warnings: warnings.map((w) => w.kind),
      });
      return saved;
    });
  }

  async editLine(
    user: AuthUser,
    meetingId: string,
    key: string,
    text: string,
    version?: number,
  ): Promise<Minutes> {
    return this.mutateDraft(user, meetingId, version, (minutes) => {
      const index = minutes.lines.findIndex((l) => l.key === key);
      if (index < 0) throw MinutesErrors.lineNotFound(key);
      const before = minutes.lines[index].text;
      minutes.lines[index] = editLine(minutes.lines[index], text);
      return { action: 'minutes.line.edit', detail: { key, before, after: text } };
    });
  }

  async addLine(
    user: AuthUser,
    meetingId: string,
    input: { afterKey: string | null; text: string; speakerRole: SpeakerRole | null },
    version?: number,
  ): Promise<Minutes> {
    return this.mutateDraft(user, meetingId, version, (minutes) => {
      let index = -1;
      if (input.afterKey !== null) {
        index = minutes.lines.findIndex((l) => l.key === input.afterKey);
        if (index < 0) throw MinutesErrors.lineNotFound(input.afterKey);
      }
      const anchor = index >= 0 ? minutes.lines[index] : null;
      const line: MinutesLine = {
        key: `manual:${randomUUID()}`,
        kind: input.speakerRole ? 'speech' : 'text',
        speakerRole: input.speakerRole,
        speakerName: null,
        text: input.text,
        closed: anchor?.closed ?? false,
        source: 'manual',
        generatedText: null,
        after: anchor?.key ?? null,
      };
      minutes.lines.splice(index + 1, 0, line);
      return { action: 'minutes.line.add', detail: { key: line.key, after: line.after, text: line.text } };
    });
  }

  async deleteLine(user: AuthUser, meetingId: string, key: string, version?: number): Promise<Minutes> {
    return this.mutateDraft(user, meetingId, version, (minutes) => {
      const index = minutes.lines.findIndex((l) => l.key === key);
      if (index < 0) throw MinutesErrors.lineNotFound(key);
      if (minutes.lines[index].source !== 'manual') throw MinutesErrors.notManualLine();
      const [removed] = minutes.lines.splice(index, 1);
      // Manual lines anchored to the removed one follow its own anchor.
      for (const l of minutes.lines) if (l.after === key) l.after = removed.after ?? null;
      return { action: 'minutes.line.delete', detail: { key, text: removed.text } };
    });
  }

  private async mutateDraft(
    user: AuthUser,
    meetingId: string,
    version: number | undefined,
    fn: (minutes: Minutes) => { action: string; detail: Record<string, unknown> },
  ): Promise<Minutes> {
    return this.uow.run(user, async (m) => {
      const minutes = await lockMinutes(m, meetingId);
      assertDrafting(minutes);
      assertVersion(minutes, version);
      const { action, detail } = fn(minutes);
      minutes.updatedById = user.id;
      const saved = await m.save(minutes);
      await recordMinutes(this.audit, m, user, action, saved, detail);
      return saved;
    });
  }
}
