import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, type FormErrors, num, parseForm, str } from '../../views/form';
import { Views } from '../../views/views';
import {
  AddLineDto,
  ConfirmationDto,
  CorrectionDto,
  DecisionDto,
  EditLineDto,
  MaskDto,
  MinutesActionDto,
  MinutesDto,
  PaperAnswerDto,
  VersionDto,
} from '../dto/minutes.dto';
import { minutesMachine } from '../minutes-state-machine';
import { MinutesCirculationService } from '../minutes-circulation.service';
import { MinutesDraftingService } from '../minutes-drafting.service';
import { MinutesRedactionService } from '../minutes-redaction.service';
import { MinutesService } from '../minutes.service';
import { MinutesOverviewService } from '../minutes-overview.service';
import { numbered, pager, ROLES_FOR_LINES } from './minutes-views';
import { todayInJapan } from '../../common/format/today';
import { FormRoute } from '../../views/form-route';

const PAPER_RESULTS = [
  { value: 'confirmed', label: '確認済み（郵送）' },
  { value: 'corrected', label: '修正依頼あり' },
] as const;

/**
 * The secretariat's minutes screens: the list, the editor, the circulation status and the
 * redaction review. Each form goes through the API's DTO; each POST redirects back with a message.
 */
@ApiExcludeController()
@Controller()
export class MinutesEditorWebController {
  constructor(
    private readonly views: Views,
    private readonly minutes: MinutesService,
    private readonly circulation: MinutesCirculationService,
    private readonly drafting: MinutesDraftingService,
    private readonly redaction: MinutesRedactionService,
    private readonly overview: MinutesOverviewService,
  ) {}

  // ---- staff and members ----

  @Roles('secretariat', 'member', 'chair')
  @Get('minutes')
  async list(@Res() res: Response, @CurrentUser() user: AuthUser) {
    const rows = await this.overview.list(user);
    this.views.page(res, 'minutes/list', '会議録', {
      rows,
      secretariat: user.role === 'secretariat',
    });
  }

  @Roles('secretariat')
  @Get('minutes/:meetingId')
  async editor(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Query('page') p?: string,
  ) {
    await this.editorPage(res, user, meetingId, num(p) ?? 1);
  }

  private async editorPage(
    res: Response,
    user: AuthUser,
    meetingId: string,
    page: number,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const meeting = await this.minutes.meeting(meetingId);
    const found = await this.minutes.find(meetingId);
    if (!found) {
      this.views.page(res, 'minutes/editor', `第${meeting.number}回 会議録`, {
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
    this.views.page(
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

  @FormRoute('minutes/:meetingId/generate', 'secretariat')
  async generate(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam('meetingId') meetingId: string,
  ) {
    await act(
      res,
      { back: `/minutes/${meetingId}`, notice: '会議の記録から会議録を作成しました。' },
      async () => {
        const dto = await formDto(VersionDto, { version: num(body.version) });
        await this.drafting.generate(user, meetingId, dto.version);
      },
    );
  }

  @FormRoute('minutes/:meetingId/lines', 'secretariat')
  async lineAction(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam('meetingId') meetingId: string,
  ) {
    const back = `/minutes/${meetingId}?page=${num(body.page) ?? 1}`;
    const op = str(body.op);
    const key = str(body.key);
    const text = str(body.text).trim();
    const version = num(body.version);
    const notice =
      op === 'delete' ? '行を削除しました。' : op === 'add' ? '行を追加しました。' : '行を保存しました。';
    await act(res, { back, notice }, async () => {
      if (op !== 'delete' && !text)
        throw new AppError('MINUTES_LINE_EMPTY', 400, '行の文言を入力してください。');
      if (op === 'delete') {
        const dto = await formDto(VersionDto, { version });
        return this.drafting.deleteLine(user, meetingId, key, dto.version);
      }
      if (op === 'add') {
        const dto = await formDto(AddLineDto, {
          afterKey: key || null,
          text,
          speakerRole: ROLES_FOR_LINES.find((r) => r === str(body.speakerRole)) ?? null,
          version,
        });
        return this.drafting.addLine(
          user,
          meetingId,
          { afterKey: dto.afterKey ?? null, text: dto.text, speakerRole: dto.speakerRole ?? null },
          dto.version,
        );
      }
      const dto = await formDto(EditLineDto, { text, version });
      return this.drafting.editLine(user, meetingId, key, dto.text, dto.version);
    });
  }

  @FormRoute('minutes/:meetingId/action', 'secretariat')
  async stateAction(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam('meetingId') meetingId: string,
  ) {
    const action = str(body.action);
    await act(res, { back: `/minutes/${meetingId}`, notice: '会議録の状態を更新しました。' }, async () => {
      if (!minutesMachine.isAction(action))
        throw new AppError('WORKFLOW_UNKNOWN_ACTION', 400, '操作を選んでください。');
      const dto = await formDto(MinutesActionDto, {
        deadline: str(body.deadline) || undefined,
        comment: str(body.comment) || undefined,
        version: num(body.version),
      });
      await this.minutes.act(user, meetingId, action, {
        deadline: dto.deadline ?? null,
        comment: dto.comment ?? null,
        version: dto.version,
      });
    });
  }

  @FormRoute('minutes/:meetingId/corrections/:id', 'secretariat')
  async decideCorrection(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam('meetingId') meetingId: string,
    @IdParam() id: string,
  ) {
    const accept = str(body.decision) === 'accept';
    // A postal correction names its line by number (as on the screen) when accepted.
    const lines = num(body.lineNo) ? (await this.minutes.get(meetingId)).lines : [];
    const lineKeyAt = (n: number | null | undefined) => (n ? (lines[n - 1]?.key ?? `${n}行目`) : null);
    const notice = accept ? '修正を反映しました。' : '修正依頼を不採用にしました。';
    await act(res, { back: `/minutes/${meetingId}`, notice }, async () => {
      const dto = await formDto(DecisionDto, {
        accept,
        note: str(body.note) || undefined,
        lineKey: lineKeyAt(num(body.lineNo)) ?? undefined,
        text: str(body.text) || undefined,
      });
      await this.circulation.decideCorrection(user, id, dto.accept, dto.note ?? null, {
        lineKey: dto.lineKey ?? null,
        text: dto.text ?? null,
      });
    });
  }

  @FormRoute('minutes/:meetingId/redaction', 'secretariat')
  async prepareRedaction(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
  ) {
    await act(res, { back: `/minutes/${meetingId}`, notice: '公開版のマスキング候補を作成しました。' }, () =>
      this.redaction.prepareRedaction(user, meetingId),
    );
  }

  @FormRoute('minutes/:meetingId/masks/:id', 'secretariat')
  async decideMask(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam('meetingId') meetingId: string,
    @IdParam() id: string,
  ) {
    const accept = str(body.decision) === 'accept';
    const notice = accept ? 'マスクします。' : 'マスクしません。';
    await act(res, { back: `/minutes/${meetingId}`, notice }, async () => {
      const dto = await formDto(DecisionDto, { accept, replacement: str(body.replacement) || undefined });
      await this.redaction.decideMask(user, id, dto.accept, dto.replacement ?? null);
    });
  }

  /** A member's answer received by post or on paper; errors re-render the form with the text kept. */
  @FormRoute('minutes/:meetingId/paper-answers', 'secretariat')
  async recordPaperAnswer(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam('meetingId') meetingId: string,
  ) {
    const values = {
      councilMemberId: str(body.councilMemberId),
      result: str(body.result),
      receivedOn: str(body.receivedOn),
      corrections: str(body.corrections),
    };
    const rerender = (errors: FormErrors, status: number) =>
      this.editorPage(res, user, meetingId, 1, { paper: { values, errors } }, status);
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
    await act(
      res,
      {
        back: `/minutes/${meetingId}`,
        next: `/minutes/${meetingId}#confirmations`,
        notice: ({ confirmation }) =>
          `${confirmation.memberName}委員の回答（${dto.result === 'confirmed' ? '確認済み（郵送）' : '修正依頼あり'}）を記録しました。`,
        rerender: (errors, e) => rerender(errors, e.status),
      },
      () => this.circulation.recordPaperAnswer(user, meetingId, dto),
    );
  }
}
