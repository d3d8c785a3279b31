import { Controller, Get, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { AttachmentUploadInterceptor } from '../../cases/attachment-upload.interceptor';
import type { UploadedFileLike } from '../../cases/attachments.service';
import { IdParam } from '../../common/http/id.pipe';
import { todayInJapan } from '../../common/format/today';
import { act } from '../../views/act';
import { formDto, type FormErrors, num, str } from '../../views/form';
import { redirectWith } from '../../views/page';
import { Views } from '../../views/views';
import {
  CreateFindingDto,
  CreateImpactAssessmentDto,
  FindingAnswerDto,
  FindingDecisionDto,
  SaveChecklistDto,
  SignificantChangeDto,
  UpdateImpactAssessmentDto,
} from '../dto/impact-assessment.dto';
import { toDetailDto, toSummaryDto } from '../dto/impact-assessment.mapper';
import { CHECK_RESULT_LABELS, CHECK_RESULTS } from '../impact-assessment.entity';
import { ImpactAssessmentsService } from '../impact-assessments.service';
import { FormRoute } from '../../views/form-route';

const READERS = ['clerk', 'secretariat', 'member', 'chair'] as const;
const CHECK_OPTIONS = CHECK_RESULTS.map((value) => ({ value, label: CHECK_RESULT_LABELS[value] }));

/** The screens of the 第三者点検: list, the department's request form, the review page. */
@ApiExcludeController()
@AuditTarget('impactAssessment')
@Controller('impact-assessments')
export class ImpactAssessmentsWebController {
  constructor(
    private readonly views: Views,
    private readonly assessments: ImpactAssessmentsService,
  ) {}

  @Roles(...READERS)
  @Get()
  async list(@Res() res: Response, @CurrentUser() user: AuthUser) {
    const items = (await this.assessments.list(user)).map(toSummaryDto);
    this.views.page(res, 'impact-assessments/list', '特定個人情報保護評価の第三者点検', {
      items,
      canCreate: user.role === 'clerk',
    });
  }

  @Roles('clerk')
  @Get('new')
  newForm(@Res() res: Response) {
    this.renderForm(res, {}, { seriousIncident: 'false', evaluatedOn: todayInJapan() });
  }

  private renderForm(
    res: Response,
    errors: FormErrors,
    values: Record<string, unknown>,
    status = 200,
    editId?: string,
  ) {
    this.views.page(
      res,
      'impact-assessments/new',
      editId ? '評価の内容の修正' : '第三者点検の依頼の作成',
      { errors, values, today: todayInJapan(), editId },
      status,
    );
  }

  @FormRoute('/', 'clerk')
  @UseInterceptors(AttachmentUploadInterceptor)
  async create(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @UploadedFile() file: UploadedFileLike | undefined,
  ) {
    const values = { ...body };
    await act(
      res,
      {
        back: '/impact-assessments/new',
        notice: '第三者点検の依頼を作成しました。内容を確認して提出してください。',
        next: (id: string) => `/impact-assessments/${id}`,
        rerender: (errors, e) => this.renderForm(res, errors, values, e.status),
      },
      async () => {
        const dto = await formDto(CreateImpactAssessmentDto, body);
        return this.assessments.create(user, dto, file && file.size > 0 ? file : undefined);
      },
    );
  }

  @Roles(...READERS)
  @Get(':id')
  async view(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const a = toDetailDto(await this.assessments.detail(user, id), user);
    this.views.page(res, 'impact-assessments/view', a.title, {
      a,
      checkOptions: CHECK_OPTIONS,
      isClerk: user.role === 'clerk',
      canChange: user.role === 'clerk' && a.status !== 'withdrawn',
      today: todayInJapan(),
    });
  }

  /** The department corrects the facts while it holds the case (draft or sent back). */
  @Roles('clerk')
  @Get(':id/edit')
  async editForm(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const a = toDetailDto(await this.assessments.detail(user, id), user);
    if (!a.editable)
      return redirectWith(
        res,
        `/impact-assessments/${id}`,
        'error',
        '作成中または差戻しの間だけ修正できます。',
      );
    this.renderForm(
      res,
      {},
      {
        affairName: a.affairName,
        fileName: a.fileName,
        targetCount: a.targetCount,
        handlerCount: a.handlerCount,
        seriousIncident: String(a.seriousIncident),
        evaluatedOn: a.evaluatedOn,
        version: a.version,
      },
      200,
      id,
    );
  }

  @FormRoute(':id/edit', 'clerk')
  @UseInterceptors(AttachmentUploadInterceptor)
  async edit(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(
      res,
      {
        back: `/impact-assessments/${id}/edit`,
        next: `/impact-assessments/${id}`,
        notice: '評価の内容を保存しました。',
        rerender: (errors, e) => this.renderForm(res, errors, { ...body }, e.status, id),
      },
      async () => {
        const dto = await formDto(UpdateImpactAssessmentDto, { ...body, version: num(body.version) });
        await this.assessments.update(user, id, dto);
      },
    );
  }

  @FormRoute(':id/documents', 'clerk')
  @UseInterceptors(AttachmentUploadInterceptor)
  async upload(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
  ) {
    await act(res, { back: `/impact-assessments/${id}`, notice: '評価書を添付しました。' }, () =>
      this.assessments.uploadDocument(user, id, file),
    );
  }

  @FormRoute(':id/checklist/start', 'secretariat')
  async start(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    await act(res, { back: `/impact-assessments/${id}`, notice: '点検を開始しました。' }, () =>
      this.assessments.startReview(user, id),
    );
  }

  @FormRoute(':id/checklist', 'secretariat')
  async saveChecklist(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/impact-assessments/${id}`, notice: '点検結果を保存しました。' }, async () => {
      const ids = Array.isArray(body.itemId) ? body.itemId.map(str) : [str(body.itemId)].filter(Boolean);
      const dto = await formDto(SaveChecklistDto, {
        version: num(body.version),
        conclusion: str(body.conclusion),
        items: ids.map((itemId) => ({
          id: itemId,
          result: str(body[`result_${itemId}`]) || null,
          comment: str(body[`comment_${itemId}`]),
        })),
      });
      await this.assessments.saveChecklist(user, id, dto);
    });
  }

  @FormRoute(':id/findings', 'secretariat')
  async addFinding(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/impact-assessments/${id}`, notice: '指摘事項を登録しました。' }, async () => {
      const dto = await formDto(CreateFindingDto, {
        text: str(body.text),
        checkItemId: str(body.checkItemId) || undefined,
      });
      await this.assessments.addFinding(user, id, dto);
    });
  }

  @FormRoute(':id/findings/:findingId', 'clerk', 'secretariat')
  async moveFinding(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam() id: string,
    @IdParam('findingId') findingId: string,
  ) {
    const action = str(body.action);
    const notice = {
      answer: '回答を登録しました。',
      accept: '完了にしました。',
      return: '再回答を依頼しました。',
    };
    await act(
      res,
      { back: `/impact-assessments/${id}`, notice: notice[action as keyof typeof notice] ?? '' },
      async () => {
        if (action === 'answer') {
          const dto = await formDto(FindingAnswerDto, {
            answer: str(body.answer),
            version: num(body.version),
          });
          await this.assessments.moveFinding(user, id, findingId, 'answer', dto);
        } else {
          const dto = await formDto(FindingDecisionDto, {
            comment: str(body.comment),
            version: num(body.version),
          });
          await this.assessments.moveFinding(
            user,
            id,
            findingId,
            action === 'return' ? 'return' : 'accept',
            dto,
          );
        }
      },
    );
  }

  @FormRoute(':id/significant-change', 'clerk')
  async significantChange(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/impact-assessments/${id}`, notice: '重要な変更を記録しました。' }, async () => {
      const dto = await formDto(SignificantChangeDto, {
        changedOn: str(body.changedOn),
        note: str(body.note),
      });
      await this.assessments.recordSignificantChange(user, id, dto);
    });
  }
}
