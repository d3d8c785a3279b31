import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { choices, type FormBody, formDto, lines, num, str } from '../../views/form';
import { redirectWith } from '../../views/page';
import {
  OUTCOMES,
  OUTCOME_LABELS,
  SPEAKER_ROLE_LABELS,
  SPEAKER_ROLES,
  VOTE_METHOD_LABELS,
  VOTE_METHODS,
} from '../agenda-item.entity';
import { DeliberationService } from '../deliberation.service';
import { AddEntryDto, CorrectOutcomeDto, RecordOutcomeDto } from '../dto/deliberation.dto';
import { DeliberationEntryDto, MeetingDetailDto, OutcomeCorrectionDto } from '../dto/meeting-response.dto';
import { MeetingViewService } from '../meeting-view.service';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** The deliberation screen: one agenda item at a time, its Q&A and its outcome. */
@ApiExcludeController()
@Controller()
export class DeliberationWebController {
  constructor(
    private readonly views: Views,
    private readonly view: MeetingViewService,
    private readonly deliberation: DeliberationService,
  ) {}

  @Roles('secretariat', 'member', 'chair')
  @Get('meetings/:id/deliberation')
  async deliberationPage(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Query('item') itemParam?: string,
  ) {
    const detail = await this.view.detail(user, id);
    const d = MeetingDetailDto.fromDetail(detail, user);
    const items = [...d.consultations, ...d.reports];
    if (items.length === 0) return redirectWith(res, `/meetings/${id}`, 'error', '議題がありません。');
    const index = Math.max(
      0,
      items.findIndex((i) => i.id === itemParam),
    );
    const item = items[index];
    const view = detail.items.find((v) => v.item.id === item.id)!;
    // Joint deliberation: the Q&A is common, whichever item of the group an entry was posted to.
    const group = item.groupId ? items.filter((i) => i.groupId === item.groupId) : [item];
    const lead = group[0];
    const [entries, earlier, corrections] = await Promise.all([
      this.deliberation.entries(group.map((g) => g.id)),
      this.deliberation.earlierEntries(view.item),
      this.deliberation.corrections(item.id),
    ]);
    const explainers = d.attendees.filter(
      (a) => a.category === 'explainer' && group.some((g) => g.id === a.agendaItemId),
    );
    this.views.page(res, 'council/deliberation', `審議: ${item.sectionLabel}${item.label}`, {
      m: d,
      item,
      lead,
      group: group.length > 1 ? group : null,
      entries: entries
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.position - b.position)
        .map((e) => ({ ...DeliberationEntryDto.from(e), agendaItemId: e.agendaItemId })),
      earlier: earlier.map((e) => ({ ...DeliberationEntryDto.from(e), meetingNumber: e.meetingNumber })),
      explainers,
      prev: items[index - 1] ?? null,
      next: items[index + 1] ?? null,
      items,
      open: d.state === 'held',
      secretariat: user.role === 'secretariat',
      corrections: corrections.map(OutcomeCorrectionDto.from),
      correctable:
        user.role === 'secretariat' &&
        ['held', 'closed'].includes(d.state) &&
        Boolean(item.outcome) &&
        item.outcome !== 'withdrawn' &&
        !item.replyIssued,
      opinionsText: item.supplementaryOpinions.join('\n'),
      speakerRoles: choices(SPEAKER_ROLES, SPEAKER_ROLE_LABELS),
      outcomes: OUTCOMES.filter((o) =>
        item.section === 'consultation' ? o !== 'noted' : ['noted', 'continued', 'withdrawn'].includes(o),
      ).map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
      voteMethods: choices(VOTE_METHODS, VOTE_METHOD_LABELS),
    });
  }

  @FormRoute('meetings/:id/deliberation/:itemId/entries', 'secretariat')
  async addEntry(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ) {
    const back = `/meetings/${id}/deliberation?item=${str(body.viewItem) || itemId}#entry`;
    await act(res, { back, notice: '発言を記録しました。' }, async () => {
      if (str(body.removeEntry))
        return this.deliberation.removeEntry(user, id, itemId, str(body.removeEntry));
      const dto = await formDto(AddEntryDto, {
        phase: str(body.phase) || 'qa',
        speakerRole: str(body.speakerRole),
        speakerName: str(body.speakerName) || undefined,
        text: str(body.text),
      });
      await this.deliberation.addEntry(user, id, itemId, dto);
    });
  }

  @FormRoute('meetings/:id/deliberation/:itemId/outcome', 'secretariat')
  async recordOutcome(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ) {
    await this.outcomeForm(res, id, itemId, '審議結果を記録しました。', async () => {
      const dto = await formDto(RecordOutcomeDto, {
        ...outcomeFields(body),
        withdrawalReason: str(body.withdrawalReason) || undefined,
      });
      await this.deliberation.recordOutcome(user, id, itemId, dto);
    });
  }

  @FormRoute('meetings/:id/deliberation/:itemId/correction', 'secretariat')
  async correctOutcome(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ) {
    await this.outcomeForm(res, id, itemId, '審議結果を訂正しました。', async () => {
      const dto = await formDto(CorrectOutcomeDto, { ...outcomeFields(body), reason: str(body.reason) });
      await this.deliberation.correctOutcome(user, id, itemId, dto);
    });
  }

  /** The outcome form, to record or to correct: back to the item's deliberation with the notice. */
  private outcomeForm(res: Response, id: string, itemId: string, notice: string, save: () => Promise<void>) {
    return act(res, { back: `/meetings/${id}/deliberation?item=${itemId}`, notice }, save);
  }
}

/** The fields of the outcome form, shared by recording and correcting an outcome. */
function outcomeFields(body: FormBody) {
  return {
    version: num(body.version),
    outcome: str(body.outcome),
    voteMethod: str(body.voteMethod) || undefined,
    votesFor: num(body.votesFor),
    votesAgainst: num(body.votesAgainst),
    abstentions: num(body.abstentions),
    supplementaryOpinions: lines(body.supplementaryOpinions),
    explainedBy: str(body.explainedBy) || undefined,
  };
}
