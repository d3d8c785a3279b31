import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { AppError, CommonErrors } from '../common/errors/app-error';
import { IdPipe } from '../common/http/id.pipe';
import {
  ConditionDecisionDto,
  ConditionDetailDto,
  ConditionDto,
  FollowUpReportDto,
} from '../conditions/dto/condition.dto';
import { ATTACHMENT_LIMIT_MB, ConditionsService, type UploadedFile } from '../conditions/conditions.service';
import { CouncilMember } from '../council/council-member.entity';
import { AdvanceQuestionsService } from '../meetings/advance-questions.service';
import { AgendaService } from '../meetings/agenda.service';
import {
  OUTCOMES,
  OUTCOME_LABELS,
  SPEAKER_ROLE_LABELS,
  SPEAKER_ROLES,
  VOTE_METHOD_LABELS,
  VOTE_METHODS,
} from '../meetings/agenda-item.entity';
import { DeliberationService } from '../meetings/deliberation.service';
import { AddReportDto, AddDocumentDto } from '../meetings/dto/agenda.dto';
import {
  AddEntryDto,
  AnswerQuestionDto,
  CorrectOutcomeDto,
  PostQuestionDto,
  RecordOutcomeDto,
} from '../meetings/dto/deliberation.dto';
import {
  AddStaffDto,
  CreateMeetingDto,
  SetAttendanceDto,
  UpdateMeetingDto,
} from '../meetings/dto/meeting.dto';
import {
  AdvanceQuestionDto,
  DeliberationEntryDto,
  MeetingDetailDto,
  MeetingDto,
  OutcomeCorrectionDto,
} from '../meetings/dto/meeting-response.dto';
import { meetingMachine } from '../meetings/meeting-state-machine';
import { MeetingViewService } from '../meetings/meeting-view.service';
import { MeetingsService } from '../meetings/meetings.service';
import { NotificationDto } from '../notifications/dto/notification.dto';
import { NotificationsService } from '../notifications/notifications.service';
import { ReplyDto, UpdateReplyDto } from '../replies/dto/reply.dto';
import { buildReplyDocument } from '../replies/reply-document';
import { RepliesService } from '../replies/replies.service';
import { caseMachine } from '../workflow/case-state-machine';
import {
  CaseActionDto,
  CaseTransitionDto,
  CaseWorkflowDto,
  IntakeItemDto,
} from '../workflow/dto/workflow.dto';
import { WorkflowService } from '../workflow/workflow.service';
import { NumberingSettingDto, UpdateNumberingSettingDto } from '../workflow/dto/numbering-setting.dto';
import { NumberingSettingsService } from '../workflow/numbering-settings.service';
import { NUMBERING_SCHEME_LABELS, NUMBERING_SCHEMES } from '../workflow/numbering';
import { parseForm } from './form';
import { redirectWith, renderPage } from './page';
import { VIEW_RENDERER, type ViewRenderer } from './view-renderer';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

type FormBody = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
const lines = (v: unknown) =>
  str(v)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
/** datetime-local (no zone) is Japan time. */
const jst = (v: unknown) => (str(v) ? `${str(v).length === 16 ? `${str(v)}:00` : str(v)}+09:00` : undefined);

/**
 * The council workflow screens: intake, meetings and the agenda builder, the deliberation
 * screen, advance questions, replies, conditions and notifications. Each POST redirects
 * back with a message; the services enforce every rule.
 */
@ApiExcludeController()
@Controller()
export class CouncilWebController {
  constructor(
    @Inject(VIEW_RENDERER) private readonly views: ViewRenderer,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly workflow: WorkflowService,
    private readonly meetings: MeetingsService,
    private readonly view: MeetingViewService,
    private readonly agenda: AgendaService,
    private readonly deliberation: DeliberationService,
    private readonly questions: AdvanceQuestionsService,
    private readonly replies: RepliesService,
    private readonly conditions: ConditionsService,
    private readonly notifications: NotificationsService,
    private readonly numbering: NumberingSettingsService,
  ) {}

  /** Runs a form action; an AppError (4xx) goes back to the page as a message. */
  private async act(
    res: Response,
    back: string,
    notice: string,
    fn: () => Promise<unknown>,
    next?: string,
  ): Promise<void> {
    try {
      await fn();
      redirectWith(res, next ?? back, 'notice', notice);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      const fields = (e.extensions.errors ?? []).flatMap((f) => f.messages);
      redirectWith(res, back, 'error', [e.detail, ...fields].join(' '));
    }
  }

  private async form<T extends object>(cls: new () => T, input: Record<string, unknown>): Promise<T> {
    const { dto, errors } = await parseForm(cls, input);
    if (errors)
      throw CommonErrors.validation(Object.entries(errors).map(([field, messages]) => ({ field, messages })));
    return dto;
  }

  // ---- intake and the case workflow ----

  @Roles('secretariat')
  @Get('intake')
  async intake(@Req() req: Request, @Res() res: Response): Promise<void> {
    const queue = (await this.workflow.intakeQueue()).map(IntakeItemDto.from);
    renderPage(this.views, req, res, 'council/intake', '受付', { queue });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('intake/:id')
  async intakeAction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const action = str(body.action) === 'sendBack' ? 'sendBack' : 'accept';
    await this.act(
      res,
      '/intake',
      action === 'accept' ? '受け付けました。' : '差し戻しました。',
      async () => {
        const dto = await this.form(CaseActionDto, {
          comment: str(body.comment) || undefined,
          version: num(body.version),
        });
        const c = await this.workflow.act(user, id, action, dto);
        if (action === 'accept') return c.receiptNumber;
      },
    );
  }

  @Roles('clerk', 'secretariat', 'member', 'chair')
  @Get('cases/:id/workflow')
  async caseWorkflow(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<void> {
    const c = CaseWorkflowDto.from(await this.workflow.getCase(user, id), user);
    const history = (await this.workflow.history(id)).map(CaseTransitionDto.from);
    const actions = c.allowedActions.map((a) => ({
      action: a,
      label: caseMachine.table[a as keyof typeof caseMachine.table].label,
      needsComment: Boolean(caseMachine.table[a as keyof typeof caseMachine.table].requiresComment),
    }));
    renderPage(this.views, req, res, 'council/case-workflow', `事案の進行: ${c.title}`, {
      c,
      history,
      actions,
    });
  }

  @Roles('clerk', 'secretariat')
  @NoAudit()
  @Post('cases/:id/workflow')
  async caseWorkflowAction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const action = str(body.action);
    await this.act(res, `/cases/${id}/workflow`, '更新しました。', async () => {
      if (!caseMachine.isAction(action))
        throw new AppError('WORKFLOW_UNKNOWN_ACTION', 400, '操作を選んでください。');
      const dto = await this.form(CaseActionDto, {
        comment: str(body.comment) || undefined,
        version: num(body.version),
      });
      await this.workflow.act(user, id, action, dto);
    });
  }

  // ---- meetings ----

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('meetings')
  async meetingList(@Req() req: Request, @Res() res: Response, @CurrentUser() user: AuthUser): Promise<void> {
    const meetings = (await this.meetings.list(user)).map((m) => MeetingDto.from(m));
    renderPage(this.views, req, res, 'council/meetings', '会議', {
      meetings,
      canCreate: user.role === 'secretariat',
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings')
  async createMeeting(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, '/meetings', '会議を登録しました。', async () => {
      const dto = await this.form(CreateMeetingDto, {
        number: num(body.number),
        startsAt: jst(body.startsAt),
        endsAt: jst(body.endsAt),
        place: str(body.place),
      });
      await this.meetings.create(user, dto);
    });
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('meetings/:id')
  async meetingPage(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<void> {
    const d = MeetingDetailDto.fromDetail(await this.view.detail(user, id), user);
    const secretariat = user.role === 'secretariat';
    const accepted = secretariat
      ? (await this.workflow.listCases(user, 'accepted')).map((c) => CaseWorkflowDto.from(c))
      : [];
    const roster = secretariat
      ? await this.ds
          .getRepository(CouncilMember)
          .find({ order: { termEnd: 'DESC', rosterOrder: 'ASC', name: 'ASC' } })
      : [];
    const departments: { id: string; name: string }[] = secretariat
      ? await this.ds.query(`SELECT id, name FROM department WHERE NOT disabled ORDER BY name`)
      : [];
    const present = new Set(
      d.attendees.filter((a) => a.attendance === 'present').map((a) => a.councilMemberId),
    );
    const listed = new Set(d.attendees.map((a) => a.councilMemberId));
    renderPage(this.views, req, res, 'council/meeting', `${d.title} 会議`, {
      m: d,
      secretariat,
      canDownloadPacket: user.role !== 'clerk',
      editable: secretariat && ['planned', 'convened'].includes(d.state),
      frozen: d.state !== 'planned',
      open: d.state === 'held',
      actions: d.allowedActions.map((a) => ({
        action: a,
        label: meetingMachine.table[a as keyof typeof meetingMachine.table].label,
      })),
      members: d.attendees.filter((a) => a.category === 'member'),
      staff: d.attendees.filter((a) => a.category !== 'member'),
      otherMembers: roster
        .filter((r) => !listed.has(r.id))
        .map((r) => ({ id: r.id, name: r.name, term: `${r.termStart}〜${r.termEnd}` })),
      presentCount: present.size,
      accepted,
      departments,
      sections: [
        { key: 'consultation', title: '諮問事項', items: d.consultations },
        { key: 'report', title: '報告事項', items: d.reports },
      ],
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/edit')
  async editMeeting(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, `/meetings/${id}`, '会議の情報を保存しました。', async () => {
      const dto = await this.form(UpdateMeetingDto, {
        version: num(body.version),
        place: str(body.place) || undefined,
        startsAt: jst(body.startsAt),
        endsAt: jst(body.endsAt),
        otherNotes: str(body.otherNotes),
      });
      await this.meetings.update(user, id, dto);
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/state')
  async meetingState(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const action = str(body.action);
    await this.act(res, `/meetings/${id}`, '会議の状態を更新しました。', async () => {
      if (!meetingMachine.isAction(action))
        throw new AppError('WORKFLOW_UNKNOWN_ACTION', 400, '操作を選んでください。');
      await this.meetings.transition(user, id, action, num(body.version));
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/attendance')
  async attendance(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, `/meetings/${id}#attendance`, '出欠を記録しました。', async () => {
      const dto = await this.form(SetAttendanceDto, {
        councilMemberId: str(body.councilMemberId),
        attendance: str(body.attendance),
      });
      await this.meetings.setAttendance(user, id, dto);
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/attendees')
  async addStaff(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, `/meetings/${id}#attendance`, '出席者を追加しました。', async () => {
      if (str(body.remove)) return this.meetings.removeStaff(user, id, str(body.remove));
      const dto = await this.form(AddStaffDto, {
        category: str(body.category),
        name: str(body.name),
        position: str(body.position) || undefined,
        departmentId: str(body.departmentId) || undefined,
        agendaItemId: str(body.agendaItemId) || undefined,
      });
      await this.meetings.addStaff(user, id, dto);
    });
  }

  /** The agenda builder's buttons. */
  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/agenda')
  async agendaAction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const op = str(body.op);
    const itemId = str(body.itemId);
    await this.act(res, `/meetings/${id}#agenda`, '議題を更新しました。', async () => {
      switch (op) {
        case 'addCase':
          return this.agenda.addCase(user, id, str(body.caseId));
        case 'addReport':
          return this.agenda.addSecretariatReport(
            user,
            id,
            (await this.form(AddReportDto, { title: str(body.title) })).title,
          );
        case 'addConditionReports':
          return this.agenda.addConditionReports(user, id);
        case 'remove':
          return this.agenda.removeItem(user, id, itemId);
        case 'ungroup':
          return this.agenda.ungroup(user, id, itemId);
        case 'group': {
          const ids = ([] as unknown[])
            .concat(body.groupItems ?? [])
            .map(str)
            .filter(Boolean);
          return this.agenda.group(user, id, ids);
        }
        case 'addDocument':
          return this.agenda.addDocument(
            user,
            id,
            itemId,
            (await this.form(AddDocumentDto, { title: str(body.title) })).title,
          );
        case 'removeDocument':
          return this.agenda.removeDocument(user, id, str(body.documentId));
        case 'up':
        case 'down': {
          const d = await this.view.detail(user, id);
          const item = d.items.find((i) => i.item.id === itemId);
          if (!item) return;
          const order = d.items.filter((i) => i.item.section === item.item.section).map((i) => i.item.id);
          const at = order.indexOf(itemId);
          const to = op === 'up' ? at - 1 : at + 1;
          if (to < 0 || to >= order.length) return;
          [order[at], order[to]] = [order[to], order[at]];
          return this.agenda.reorder(user, id, {
            section: item.item.section,
            itemIds: order,
            confirmRenumber: body.confirmRenumber === 'on',
          });
        }
        case 'closedSession':
          return this.agenda.setOptions(user, id, itemId, { closedSession: body.closedSession === 'on' });
        default:
          throw new AppError('AGENDA_UNKNOWN_OPERATION', 400, '操作を選んでください。');
      }
    });
  }

  // ---- deliberation ----

  @Roles('secretariat', 'member', 'chair')
  @Get('meetings/:id/deliberation')
  async deliberationPage(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query('item') itemParam?: string,
  ): Promise<void> {
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
    renderPage(this.views, req, res, 'council/deliberation', `審議: ${item.sectionLabel}${item.label}`, {
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
      speakerRoles: SPEAKER_ROLES.map((r) => ({ value: r, label: SPEAKER_ROLE_LABELS[r] })),
      outcomes: OUTCOMES.filter((o) =>
        item.section === 'consultation' ? o !== 'noted' : ['noted', 'continued', 'withdrawn'].includes(o),
      ).map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
      voteMethods: VOTE_METHODS.map((v) => ({ value: v, label: VOTE_METHOD_LABELS[v] })),
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/deliberation/:itemId/entries')
  async addEntry(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const back = `/meetings/${id}/deliberation?item=${str(body.viewItem) || itemId}#entry`;
    await this.act(res, back, '発言を記録しました。', async () => {
      if (str(body.removeEntry))
        return this.deliberation.removeEntry(user, id, itemId, str(body.removeEntry));
      const dto = await this.form(AddEntryDto, {
        phase: str(body.phase) || 'qa',
        speakerRole: str(body.speakerRole),
        speakerName: str(body.speakerName) || undefined,
        text: str(body.text),
      });
      await this.deliberation.addEntry(user, id, itemId, dto);
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/deliberation/:itemId/outcome')
  async recordOutcome(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const back = `/meetings/${id}/deliberation?item=${itemId}`;
    await this.act(res, back, '審議結果を記録しました。', async () => {
      const dto = await this.form(RecordOutcomeDto, {
        ...outcomeFields(body),
        withdrawalReason: str(body.withdrawalReason) || undefined,
      });
      await this.deliberation.recordOutcome(user, id, itemId, dto);
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('meetings/:id/deliberation/:itemId/correction')
  async correctOutcome(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const back = `/meetings/${id}/deliberation?item=${itemId}`;
    await this.act(res, back, '審議結果を訂正しました。', async () => {
      const dto = await this.form(CorrectOutcomeDto, { ...outcomeFields(body), reason: str(body.reason) });
      await this.deliberation.correctOutcome(user, id, itemId, dto);
    });
  }

  // ---- settings ----

  @Roles('secretariat', 'admin')
  @Get('settings/numbering')
  async numberingPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const setting = NumberingSettingDto.from(await this.numbering.get());
    renderPage(this.views, req, res, 'council/numbering-settings', '番号の付け方', {
      setting,
      schemes: NUMBERING_SCHEMES.map((value) => ({
        value,
        label: NUMBERING_SCHEME_LABELS[value],
        checked: value === setting.numbering,
      })),
    });
  }

  @Roles('secretariat', 'admin')
  @NoAudit()
  @Post('settings/numbering')
  async saveNumbering(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, '/settings/numbering', '番号の付け方を保存しました。', async () => {
      const dto = await this.form(UpdateNumberingSettingDto, {
        numbering: str(body.numbering),
        version: num(body.version),
      });
      await this.numbering.update(user, dto);
    });
  }

  // ---- advance questions ----

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('meetings/:id/questions')
  async questionsPage(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<void> {
    const d = MeetingDetailDto.fromDetail(await this.view.detail(user, id), user);
    const list = (await this.questions.list(user, id)).map(AdvanceQuestionDto.from);
    renderPage(this.views, req, res, 'council/questions', `${d.title} 事前質問`, {
      m: d,
      questions: list,
      items: [...d.consultations, ...d.reports],
      canAsk: (user.role === 'member' || user.role === 'chair') && d.state === 'convened',
      secretariat: user.role === 'secretariat',
      canAnswer: user.role === 'clerk' || user.role === 'secretariat',
    });
  }

  @Roles('member', 'chair')
  @NoAudit()
  @Post('meetings/:id/questions')
  async postQuestion(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, `/meetings/${id}/questions`, '事前質問を送りました。', async () => {
      const dto = await this.form(PostQuestionDto, {
        agendaItemId: str(body.agendaItemId),
        text: str(body.text),
      });
      await this.questions.post(user, id, dto.agendaItemId, dto.text);
    });
  }

  @Roles('secretariat', 'clerk')
  @NoAudit()
  @Post('meetings/:id/questions/:questionId')
  async questionAction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, `/meetings/${id}/questions`, '更新しました。', async () => {
      if (str(body.action) === 'forward') return this.questions.act(user, questionId, 'forward');
      const dto = await this.form(AnswerQuestionDto, { answer: str(body.answer) });
      await this.questions.act(user, questionId, 'answer', dto.answer);
    });
  }

  // ---- replies ----

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('replies')
  async replyList(@Req() req: Request, @Res() res: Response, @CurrentUser() user: AuthUser): Promise<void> {
    const list = (await this.replies.list(user)).map((r) => ReplyDto.from(r, { caseTitle: r.caseTitle }));
    renderPage(this.views, req, res, 'council/replies', '答申', { replies: list });
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('replies/:id')
  async replyPage(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<void> {
    const { reply, caseFile, revisions } = await this.replies.get(user, id);
    const r = ReplyDto.from(reply, {
      caseTitle: caseFile.title,
      revisions,
      document: buildReplyDocument(reply, caseFile),
    });
    renderPage(this.views, req, res, 'council/reply', r.numberLabel ?? '答申（案）', {
      r,
      editable: user.role === 'secretariat' && r.state === 'draft',
      canDownloadNotice: user.role === 'secretariat' || user.role === 'clerk',
      opinionsText: r.supplementaryOpinions.join('\n'),
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('replies/:id')
  async replyAction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const issue = str(body.action) === 'issue';
    await this.act(
      res,
      `/replies/${id}`,
      issue ? '答申を発出しました。' : '答申案を保存しました。',
      async () => {
        if (issue) return this.replies.issue(user, id, num(body.version));
        const dto = await this.form(UpdateReplyDto, {
          version: num(body.version),
          replyDate: str(body.replyDate) || undefined,
          addressee: str(body.addressee) || undefined,
          sender: str(body.sender) || undefined,
          title: str(body.title) || undefined,
          body: str(body.body) || undefined,
          supplementaryOpinions: lines(body.supplementaryOpinions),
          conditionDueDate: str(body.conditionDueDate) || undefined,
        });
        await this.replies.update(user, id, dto);
      },
    );
  }

  // ---- conditions ----

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('conditions')
  async conditionList(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Query('overdue') overdue?: string,
  ): Promise<void> {
    const list = (await this.conditions.list(user, { overdue: overdue === 'true' ? true : undefined })).map(
      (c) => ConditionDto.from(c, user),
    );
    renderPage(this.views, req, res, 'council/conditions', '付帯意見・条件', {
      conditions: list,
      overdueOnly: overdue === 'true',
    });
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('conditions/:id')
  async conditionPage(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<void> {
    const c = await this.conditions.get(user, id);
    const reports = await this.conditions.reports(id);
    const [attachments, history] = await Promise.all([
      this.conditions.attachments(reports.map((r) => r.id)),
      this.conditions.history(id),
    ]);
    const detail = ConditionDetailDto.fromDetail(c, reports, attachments, history, user);
    renderPage(this.views, req, res, 'council/condition', '付帯意見・条件', {
      c: detail,
      canReport: detail.allowedActions.includes('report'),
      canClose: detail.allowedActions.includes('close'),
      canReopen: detail.allowedActions.includes('reopen'),
      limitMb: ATTACHMENT_LIMIT_MB,
    });
  }

  @Roles('clerk')
  @NoAudit()
  @Post('conditions/:id/report')
  @UseInterceptors(
    FilesInterceptor('files', 10, { limits: { fileSize: ATTACHMENT_LIMIT_MB * 1024 * 1024 + 1 } }),
  )
  async conditionReport(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
    @UploadedFiles() files: UploadedFile[] = [],
  ): Promise<void> {
    await this.act(res, `/conditions/${id}`, '対応報告を登録しました。', async () => {
      const dto = await this.form(FollowUpReportDto, { body: str(body.body), version: num(body.version) });
      const named = (files ?? [])
        .filter((f) => f.size > 0)
        .map((f) => ({ ...f, originalname: Buffer.from(f.originalname, 'latin1').toString('utf8') }));
      await this.conditions.report(user, id, dto.body, named, dto.version);
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('conditions/:id/decision')
  async conditionDecision(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const action = str(body.action) === 'reopen' ? 'reopen' : 'close';
    await this.act(
      res,
      `/conditions/${id}`,
      action === 'close' ? '完了にしました。' : '再開しました。',
      async () => {
        const dto = await this.form(ConditionDecisionDto, {
          comment: str(body.comment),
          version: num(body.version),
        });
        await this.conditions.decide(user, id, action, dto.comment, dto.version);
      },
    );
  }

  // ---- notifications ----

  @Roles('clerk', 'secretariat', 'member', 'chair')
  @Get('notifications')
  async notificationList(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    const list = (await this.notifications.list(user)).map(NotificationDto.from);
    renderPage(this.views, req, res, 'council/notifications', '通知', { notifications: list });
  }

  @Roles('clerk', 'secretariat', 'member', 'chair')
  @NoAudit()
  @Post('notifications/read-all')
  async readAll(@Res() res: Response, @CurrentUser() user: AuthUser): Promise<void> {
    await this.notifications.markAllRead(user);
    res.redirect(303, '/notifications');
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
