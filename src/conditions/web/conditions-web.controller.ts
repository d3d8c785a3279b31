import { Controller, Get, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { FilesInterceptor } from '@nestjs/platform-express';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, num, str } from '../../views/form';
import { ATTACHMENT_LIMIT_MB, ConditionsService, type UploadedFile } from '../conditions.service';
import {
  ConditionDecisionDto,
  ConditionDetailDto,
  ConditionDto,
  FollowUpReportDto,
} from '../dto/condition.dto';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** Conditions and supplementary opinions: the list, follow-up reports and the decision. */
@ApiExcludeController()
@Controller()
export class ConditionsWebController {
  constructor(
    private readonly views: Views,
    private readonly conditions: ConditionsService,
  ) {}

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('conditions')
  async conditionList(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Query('overdue') overdue?: string,
  ) {
    const list = (await this.conditions.list(user, { overdue: overdue === 'true' ? true : undefined })).map(
      (c) => ConditionDto.from(c, user),
    );
    this.views.page(res, 'council/conditions', '付帯意見・条件', {
      conditions: list,
      overdueOnly: overdue === 'true',
    });
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('conditions/:id')
  async conditionPage(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const c = await this.conditions.get(user, id);
    const reports = await this.conditions.reports(id);
    const [attachments, history] = await Promise.all([
      this.conditions.attachments(reports.map((r) => r.id)),
      this.conditions.history(id),
    ]);
    const detail = ConditionDetailDto.fromDetail(c, reports, attachments, history, user);
    this.views.page(res, 'council/condition', '付帯意見・条件', {
      c: detail,
      canReport: detail.allowedActions.includes('report'),
      canClose: detail.allowedActions.includes('close'),
      canReopen: detail.allowedActions.includes('reopen'),
      limitMb: ATTACHMENT_LIMIT_MB,
    });
  }

  @FormRoute('conditions/:id/report', 'clerk')
  @UseInterceptors(
    FilesInterceptor('files', 10, { limits: { fileSize: ATTACHMENT_LIMIT_MB * 1024 * 1024 + 1 } }),
  )
  async conditionReport(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam() id: string,
    @UploadedFiles() files: UploadedFile[] = [],
  ) {
    await act(res, { back: `/conditions/${id}`, notice: '対応報告を登録しました。' }, async () => {
      const dto = await formDto(FollowUpReportDto, { body: str(body.body), version: num(body.version) });
      // A file input left empty still posts a part, with no bytes.
      const chosen = (files ?? []).filter((f) => f.size > 0);
      await this.conditions.report(user, id, dto.body, chosen, dto.version);
    });
  }

  @FormRoute('conditions/:id/decision', 'secretariat')
  async conditionDecision(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const action = str(body.action) === 'reopen' ? 'reopen' : 'close';
    await act(
      res,
      { back: `/conditions/${id}`, notice: action === 'close' ? '完了にしました。' : '再開しました。' },
      async () => {
        const dto = await formDto(ConditionDecisionDto, {
          comment: str(body.comment),
          version: num(body.version),
        });
        await this.conditions.decide(user, id, action, dto.comment, dto.version);
      },
    );
  }
}
