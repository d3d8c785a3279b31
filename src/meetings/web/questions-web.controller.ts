import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, str } from '../../views/form';
import { AdvanceQuestionsService } from '../advance-questions.service';
import { AnswerQuestionDto, PostQuestionDto } from '../dto/deliberation.dto';
import { AdvanceQuestionDto, MeetingDetailDto } from '../dto/meeting-response.dto';
import { MeetingViewService } from '../meeting-view.service';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** Advance questions: members ask before the meeting, the department answers. */
@ApiExcludeController()
@Controller()
export class QuestionsWebController {
  constructor(
    private readonly views: Views,
    private readonly view: MeetingViewService,
    private readonly questions: AdvanceQuestionsService,
  ) {}

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('meetings/:id/questions')
  async questionsPage(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const d = MeetingDetailDto.fromDetail(await this.view.detail(user, id), user);
    const list = (await this.questions.list(user, id)).map(AdvanceQuestionDto.from);
    this.views.page(res, 'council/questions', `${d.title} 事前質問`, {
      m: d,
      questions: list,
      items: [...d.consultations, ...d.reports],
      canAsk: (user.role === 'member' || user.role === 'chair') && d.state === 'convened',
      secretariat: user.role === 'secretariat',
      canAnswer: user.role === 'clerk' || user.role === 'secretariat',
    });
  }

  @FormRoute('meetings/:id/questions', 'member', 'chair')
  async postQuestion(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/meetings/${id}/questions`, notice: '事前質問を送りました。' }, async () => {
      const dto = await formDto(PostQuestionDto, {
        agendaItemId: str(body.agendaItemId),
        text: str(body.text),
      });
      await this.questions.post(user, id, dto.agendaItemId, dto.text);
    });
  }

  @FormRoute('meetings/:id/questions/:questionId', 'secretariat', 'clerk')
  async questionAction(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam() id: string,
    @IdParam('questionId') questionId: string,
  ) {
    await act(res, { back: `/meetings/${id}/questions`, notice: '更新しました。' }, async () => {
      if (str(body.action) === 'forward') return this.questions.act(user, questionId, 'forward');
      const dto = await formDto(AnswerQuestionDto, { answer: str(body.answer) });
      await this.questions.act(user, questionId, 'answer', dto.answer);
    });
  }
}
