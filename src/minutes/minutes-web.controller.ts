import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { AppError } from '../common/errors/app-error';
import { IdPipe } from '../common/http/id.pipe';
import { todayInJapan } from '../notifications/notifications.service';
import { formErrorsOf, parseForm, type FormErrors } from '../web/form';
import { redirectWith, renderPage } from '../web/page';
import { VIEW_RENDERER, type ViewRenderer } from '../web/view-renderer';
import {
  ConfirmationDto,
  CorrectionDto,
  MaskDto,
  MinutesDto,
  PAGE_SIZE,
  PaperAnswerDto,
  RedactionSettingDto,
  TrackedChangeDto,
} from './dto/minutes.dto';
import { NAME_POLICIES } from './minutes.entity';
import { MinutesErrors } from './minutes.errors';
import { minutesMachine } from './minutes-state-machine';
import { type CorrectionInput } from './minutes-circulation.service';
import { MinutesCirculationService } from './minutes-circulation.service';
import { MinutesDraftingService } from './minutes-drafting.service';
import { MinutesRedactionService } from './minutes-redaction.service';
import { MinutesService } from './minutes.service';
import { MinutesOverviewService } from './minutes-overview.service';
import {
  formatAllowList,
  MAX_ALLOW_LIST,
  NAME_POLICY_LABELS,
  parseAllowList,
} from './redaction/allow-list-text';

type FormBody = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
const ROLES_FOR_LINES = ['会長', '委員', '説明員', '事務局'] as const;
const PAPER_RESULTS = [
  { value: 'confirmed', label: '確認済み（郵送）' },
  { value: 'corrected', label: '修正依頼あり' },
] as const;

/** Line numbers (1-based, over the whole document) for one page of lines. */
function numbered(dto: MinutesDto) {
  const offset = (dto.page - 1) * PAGE_SIZE;
  return dto.lines.map((l, i) => ({ ...l, no: offset + i + 1 }));
}

function pager(dto: MinutesDto) {
  return {
    page: dto.page,
    pageCount: dto.pageCount,
    prev: dto.page > 1 ? dto.page - 1 : null,
    next: dto.page < dto.pageCount ? dto.page + 1 : null,
  };
}

/**
 * The minutes screens (editor, circulation status, redaction review, the member's confirmation).
 * Each POST redirects back with a message.
 */
@ApiExcludeController()
@Controller()
export class MinutesWebController {
  constructor(
    @Inject(VIEW_RENDERER) private readonly views: ViewRenderer,
    private readonly minutes: MinutesService,
    private readonly drafting: MinutesDraftingService,
    private readonly circulation: MinutesCirculationService,
    private readonly redaction: MinutesRedactionService,
    private readonly overview: MinutesOverviewService,
  ) {}

  private async act(res: Response, back: string, notice: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      redirectWith(res, back, 'notice', notice);
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      const fields = (e.extensions.errors ?? []).flatMap((f) => f.messages);
      redirectWith(res, back, 'error', [e.detail, ...fields].join(' '));
    }
  }

  // ---- staff and members ----

  @Roles('secretariat', 'member', 'chair')
  @Get('minutes')
  async list(@Req() req: Request, @Res() res: Response, @CurrentUser() user: AuthUser): Promise<void> {
    const rows = await this.overview.list(user);
    renderPage(this.views, req, res, 'minutes/list', '会議録', {
      rows,
      secretariat: user.role === 'secretariat',
    });
  }

  @Roles('secretariat')
  @Get('minutes/:meetingId')
  async editor(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Query('page') p?: string,
  ): Promise<void> {
    await this.editorPage(req, res, user, meetingId, num(p) ?? 1);
  }

  private async editorPage(
    req: Request,
    res: Response,
    user: AuthUser,
    meetingId: string,
    page: number,
    extra: Record<string, unknown> = {},
    status = 200,
  ): Promise<void> {
    const meeting = await this.minutes.meeting(meetingId);
    const found = await this.minutes.find(meetingId);
    if (!found) {
      renderPage(this.views, req, res, 'minutes/editor', `第${meeting.number}回 会議録`, {
        meeting,
        minutes: null,
      });
      return;
    }
    const dto = MinutesDto.from(found, user, page);
    const [confirmations, corrections, masks] = await Promise.all([
      this.minutes.confirmations(found),
      this.minutes.corrections(found),
      this.minutes.masks(found),
    ]);
    const names = new Map(confirmations.map((c) => [c.id, c.memberName]));
    const lineNo = new Map(found.lines.map((l, i) => [l.key, i + 1]));
    const paper = (extra.paper ?? {}) as { values?: Record<string, string> };
    const paperValues: Record<string, string> = {
      receivedOn: todayInJapan(),
      result: 'confirmed',
      ...(paper.values ?? {}),
    };
    renderPage(
      this.views,
      req,
      res,
      'minutes/editor',
      `第${meeting.number}回 会議録`,
      {
        meeting,
        minutes: dto,
        lines: numbered(dto),
        pager: pager(dto),
        drafting: found.state === 'drafting',
        circulating: found.state === 'circulating',
        confirmed: found.state === 'confirmed',
        published: found.state === 'published',
        speakerRoles: ROLES_FOR_LINES,
        confirmations: confirmations.map(ConfirmationDto.from),
        // Members whose answer may still arrive by post (silence recorded after the deadline included).
        paperMembers: confirmations
          .filter((c) => c.status === 'pending' || c.status === 'silent')
          .map((c) => ({
            id: c.councilMemberId,
            name: c.memberName,
            hasAccount: Boolean(c.userId),
            selected: c.councilMemberId === paperValues.councilMemberId,
          })),
        paperResults: PAPER_RESULTS.map((r) => ({ ...r, checked: r.value === paperValues.result })),
        corrections: corrections.map((c) => ({
          ...CorrectionDto.from(c, names.get(c.confirmationId) ?? null),
          lineNo: c.lineKey ? (lineNo.get(c.lineKey) ?? null) : null,
          paper: c.lineKey === null,
          open: c.status === 'open',
        })),
        masks: masks.map((x) => ({
          ...MaskDto.from(x),
          lineNo: lineNo.get(x.lineKey) ?? null,
          undecided: x.status === 'proposed',
        })),
        ...extra,
        paper: { ...paper, values: paperValues },
      },
      status,
    );
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('minutes/:meetingId/generate')
  async generate(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    await this.act(res, `/minutes/${meetingId}`, '会議の記録から会議録を作成しました。', () =>
      this.drafting.generate(user, meetingId, num(body.version)),
    );
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('minutes/:meetingId/lines')
  async lineAction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const back = `/minutes/${meetingId}?page=${num(body.page) ?? 1}`;
    const op = str(body.op);
    const key = str(body.key);
    const text = str(body.text).trim();
    const version = num(body.version);
    await this.act(
      res,
      back,
      op === 'delete' ? '行を削除しました。' : op === 'add' ? '行を追加しました。' : '行を保存しました。',
      async () => {
        if (op !== 'delete' && !text)
          throw new AppError('MINUTES_LINE_EMPTY', 400, '行の文言を入力してください。');
        if (op === 'delete') return this.drafting.deleteLine(user, meetingId, key, version);
        if (op === 'add') {
          const role = ROLES_FOR_LINES.find((r) => r === str(body.speakerRole)) ?? null;
          return this.drafting.addLine(
            user,
            meetingId,
            { afterKey: key || null, text, speakerRole: role },
            version,
          );
        }
        return this.drafting.editLine(user, meetingId, key, text, version);
      },
    );
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('minutes/:meetingId/action')
  async stateAction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const action = str(body.action);
    await this.act(res, `/minutes/${meetingId}`, '会議録の状態を更新しました。', async () => {
      if (!minutesMachine.isAction(action))
        throw new AppError('WORKFLOW_UNKNOWN_ACTION', 400, '操作を選んでください。');
      await this.minutes.act(user, meetingId, action, {
        deadline: str(body.deadline) || null,
        comment: str(body.comment) || null,
        version: num(body.version),
      });
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('minutes/:meetingId/corrections/:id')
  async decideCorrection(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const accept = str(body.decision) === 'accept';
    // A postal correction names its line by number (as on the screen) when accepted.
    const lines = num(body.lineNo) ? (await this.minutes.get(meetingId)).lines : [];
    const lineKeyAt = (n: number | null | undefined) => (n ? (lines[n - 1]?.key ?? `${n}行目`) : null);
    await this.act(
      res,
      `/minutes/${meetingId}`,
      accept ? '修正を反映しました。' : '修正依頼を不採用にしました。',
      () =>
        this.circulation.decideCorrection(user, id, accept, str(body.note) || null, {
          lineKey: lineKeyAt(num(body.lineNo)),
          text: str(body.text) || null,
        }),
    );
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('minutes/:meetingId/redaction')
  async prepareRedaction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
  ): Promise<void> {
    await this.act(res, `/minutes/${meetingId}`, '公開版のマスキング候補を作成しました。', () =>
      this.redaction.prepareRedaction(user, meetingId),
    );
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('minutes/:meetingId/masks/:id')
  async decideMask(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Param('id', IdPipe) id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const accept = str(body.decision) === 'accept';
    await this.act(res, `/minutes/${meetingId}`, accept ? 'マスクします。' : 'マスクしません。', () =>
      this.redaction.decideMask(user, id, accept, str(body.replacement) || null),
    );
  }

  /** A member's answer received by post or on paper; errors re-render the form with the text kept. */
  @Roles('secretariat')
  @NoAudit()
  @Post('minutes/:meetingId/paper-answers')
  async recordPaperAnswer(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const values = {
      councilMemberId: str(body.councilMemberId),
      result: str(body.result),
      receivedOn: str(body.receivedOn),
      corrections: str(body.corrections),
    };
    const rerender = (errors: FormErrors, status: number) =>
      this.editorPage(req, res, user, meetingId, 1, { paper: { values, errors } }, status);
    const { dto, errors } = await parseForm(PaperAnswerDto, {
      ...values,
      councilMemberId: values.councilMemberId || undefined,
      receivedOn: values.receivedOn || undefined,
    });
    if (errors) {
      if (!values.councilMemberId) errors.councilMemberId = ['委員を選んでください'];
      if (!values.receivedOn) errors.receivedOn = ['受領日を入力してください'];
      if (errors.result) errors.result = ['「確認済み（郵送）」か「修正依頼あり」を選んでください'];
      return rerender(errors, 400);
    }
    try {
      const { confirmation } = await this.circulation.recordPaperAnswer(user, meetingId, dto);
      const label = dto.result === 'confirmed' ? '確認済み（郵送）' : '修正依頼あり';
      redirectWith(
        res,
        `/minutes/${meetingId}#confirmations`,
        'notice',
        `${confirmation.memberName}委員の回答（${label}）を記録しました。`,
      );
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      return rerender(formErrorsOf(e), e.status);
    }
  }

  // ---- the municipality's redaction setting ----

  @Roles('secretariat')
  @Get('settings/redaction')
  async redactionSettingPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const s = RedactionSettingDto.from(await this.minutes.setting());
    this.redactionPage(req, res, s, {
      explainerNames: s.explainerNames,
      secretariatNames: s.secretariatNames,
      allowList: formatAllowList(s.allowList),
      version: String(s.version),
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @Post('settings/redaction')
  async saveRedactionSetting(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Body() body: FormBody,
  ): Promise<void> {
    const values = {
      explainerNames: str(body.explainerNames),
      secretariatNames: str(body.secretariatNames),
      allowList: str(body.allowList),
      version: str(body.version),
    };
    const again = async (errors: FormErrors, status: number, stale = false) =>
      this.redactionPage(req, res, RedactionSettingDto.from(await this.minutes.setting()), values, {
        errors,
        status,
        stale,
      });
    const list = parseAllowList(values.allowList);
    const { dto, errors } = await parseForm(RedactionSettingDto, {
      explainerNames: values.explainerNames,
      secretariatNames: values.secretariatNames,
      allowList: list.entries,
      version: num(values.version),
    });
    const all: FormErrors = { ...(errors ?? {}) };
    for (const key of Object.keys(all)) if (key.startsWith('allowList')) delete all[key];
    if (all.explainerNames) all.explainerNames = ['説明員の氏名の扱いを選んでください'];
    if (all.secretariatNames) all.secretariatNames = ['事務局職員の氏名の扱いを選んでください'];
    if (all.version) all._ = ['画面を開き直してから保存してください。'];
    if (list.errors.length) all.allowList = list.errors;
    if (Object.keys(all).length) return again(all, 400);
    try {
      await this.redaction.updateSetting(user, dto);
      redirectWith(res, '/settings/redaction', 'notice', '公開時の氏名の扱いを保存しました。');
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      // A stale version is shown beside the list, the text as typed stays in the form.
      const found = formErrorsOf(e);
      const stale = e.code === 'STALE_VERSION';
      await again(stale ? { allowList: found._ ?? [e.detail] } : found, e.status, stale);
    }
  }

  private redactionPage(
    req: Request,
    res: Response,
    saved: RedactionSettingDto,
    values: Record<string, string>,
    {
      errors = null,
      status = 200,
      stale = false,
    }: { errors?: FormErrors | null; status?: number; stale?: boolean } = {},
  ): void {
    const choices = (field: 'explainerNames' | 'secretariatNames') =>
      NAME_POLICIES.map((value) => ({
        value,
        label: NAME_POLICY_LABELS[field][value],
        checked: value === values[field],
      }));
    renderPage(
      this.views,
      req,
      res,
      'minutes/redaction-settings',
      '公開時の氏名の扱い',
      {
        values,
        errors,
        // After a 409: what is saved now, beside the text as typed.
        stale,
        saved: { ...saved, allowListText: formatAllowList(saved.allowList) },
        explainerChoices: choices('explainerNames'),
        secretariatChoices: choices('secretariatNames'),
        maxEntries: MAX_ALLOW_LIST,
      },
      status,
    );
  }

  @Roles('member', 'chair')
  @Get('minutes/:meetingId/confirm')
  async confirmPage(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Query('page') p?: string,
  ): Promise<void> {
    const meeting = await this.minutes.meeting(meetingId);
    const { minutes, confirmation } = await this.minutes.memberMinutes(user, meetingId);
    const dto = MinutesDto.from(minutes, user, num(p) ?? 1);
    renderPage(this.views, req, res, 'minutes/confirm', `第${meeting.number}回 会議録（案）の確認`, {
      meeting,
      minutes: dto,
      lines: numbered(dto),
      pager: pager(dto),
      confirmation: ConfirmationDto.from(confirmation),
      changes: (await this.minutes.unseenChanges(minutes, confirmation)).map(TrackedChangeDto.from),
      canAnswer: minutes.state === 'circulating' && confirmation.status === 'pending',
      correctionRows: [1, 2, 3, 4, 5],
    });
  }

  @Roles('member', 'chair')
  @NoAudit()
  @Post('minutes/:meetingId/confirm')
  async confirm(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const back = `/minutes/${meetingId}/confirm`;
    if (str(body.answer) === 'confirm') {
      await this.act(res, back, '会議録（案）を確認済みとしました。', () =>
        this.circulation.memberConfirm(user, meetingId),
      );
      return;
    }
    await this.act(res, back, '修正依頼を送りました。', async () => {
      const { minutes } = await this.minutes.memberMinutes(user, meetingId);
      const input: CorrectionInput[] = [];
      for (let i = 1; i <= 5; i++) {
        const no = num(body[`line_${i}`]);
        const comment = str(body[`comment_${i}`]).trim();
        const proposed = str(body[`proposed_${i}`]).trim();
        if (no === undefined && !comment && !proposed) continue;
        const line = no !== undefined ? minutes.lines[no - 1] : undefined;
        if (!line) throw MinutesErrors.lineNotFound(no !== undefined ? `${no}行目` : '行番号なし');
        input.push({ lineKey: line.key, comment, proposedText: proposed || null });
      }
      await this.circulation.memberCorrect(user, meetingId, input);
    });
  }
}
