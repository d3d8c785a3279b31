import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { AdvanceQuestionsService } from './advance-questions.service';
import { DeliberationService } from './deliberation.service';
import {
  AddEntryDto,
  AnswerQuestionDto,
  CorrectOutcomeDto,
  PostQuestionDto,
  RecordOutcomeDto,
} from './dto/deliberation.dto';
import {
  AdvanceQuestionDto,
  AgendaItemDto,
  DeliberationEntryDto,
  OutcomeCorrectionDto,
} from './dto/meeting-response.dto';
import { MeetingViewService, type ItemView } from './meeting-view.service';
import { MeetingErrors } from './meetings.errors';
import { DeliberationRecordDto } from './dto/agenda-answers.dto';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

/** The deliberation record of each item, and members' advance questions. */
@ApiTags('審議')
@AuditTarget('meeting')
@Controller('api')
export class DeliberationController {
  constructor(
    private readonly deliberation: DeliberationService,
    private readonly questions: AdvanceQuestionsService,
    private readonly view: MeetingViewService,
  ) {}

  /** An agenda item as the meeting's readers see it (404 when the meeting has no such item). */
  private async itemView(user: AuthUser, id: string, itemId: string): Promise<ItemView> {
    const v = (await this.view.detail(user, id)).items.find((i) => i.item.id === itemId);
    if (!v) throw MeetingErrors.itemNotFound();
    return v;
  }

  @ApiGet(
    'meetings/:id/agenda/:itemId/record',
    '議事の審議記録を取得する',
    ['secretariat', 'member', 'chair'],
    DeliberationRecordDto,
  )
  async record(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ): Promise<{
    item: AgendaItemDto;
    entries: DeliberationEntryDto[];
    earlier: (DeliberationEntryDto & { meetingNumber: number })[];
    corrections: OutcomeCorrectionDto[];
  }> {
    const v = await this.itemView(user, id, itemId);
    const [entries, earlier, corrections] = await Promise.all([
      this.deliberation.entries([itemId]),
      this.deliberation.earlierEntries(v.item),
      this.deliberation.corrections(itemId),
    ]);
    return {
      corrections: corrections.map(OutcomeCorrectionDto.from),
      item: AgendaItemDto.from(v),
      entries: entries.map(DeliberationEntryDto.from),
      earlier: earlier.map((e) => ({ ...DeliberationEntryDto.from(e), meetingNumber: e.meetingNumber })),
    };
  }

  @ApiCreate(
    'meetings/:id/agenda/:itemId/entries',
    '審議記録に発言・記録を追加する',
    ['secretariat'],
    DeliberationEntryDto,
  )
  @NoAudit()
  async addEntry(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: AddEntryDto,
  ): Promise<DeliberationEntryDto> {
    return DeliberationEntryDto.from(await this.deliberation.addEntry(user, id, itemId, dto));
  }

  @ApiWrite('delete', 'meetings/:id/agenda/:itemId/entries/:entryId', '審議記録の項目を削除する', [
    'secretariat',
  ])
  @NoAudit()
  async removeEntry(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @IdParam('entryId') entryId: string,
  ): Promise<void> {
    await this.deliberation.removeEntry(user, id, itemId, entryId);
  }

  @ApiWrite(
    'post',
    'meetings/:id/agenda/:itemId/outcome',
    '議事の結果（答申の内容）を決定する',
    ['secretariat'],
    AgendaItemDto,
  )
  @NoAudit()
  async outcome(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: RecordOutcomeDto,
  ): Promise<AgendaItemDto> {
    await this.deliberation.recordOutcome(user, id, itemId, dto);
    return AgendaItemDto.from(await this.itemView(user, id, itemId));
  }

  /** Corrects a recorded outcome (reason required) until the item's reply is issued. */
  @ApiWrite(
    'post',
    'meetings/:id/agenda/:itemId/outcome/correction',
    '議事の結果を訂正する',
    ['secretariat'],
    AgendaItemDto,
  )
  @NoAudit()
  async correctOutcome(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: CorrectOutcomeDto,
  ): Promise<AgendaItemDto> {
    await this.deliberation.correctOutcome(user, id, itemId, dto);
    return AgendaItemDto.from(await this.itemView(user, id, itemId));
  }

  // ---- advance questions ----

  @ApiGet(
    'meetings/:id/questions',
    '事前質問の一覧を取得する',
    ['secretariat', 'member', 'chair', 'clerk'],
    [AdvanceQuestionDto],
  )
  async listQuestions(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<AdvanceQuestionDto[]> {
    return (await this.questions.list(user, id)).map(AdvanceQuestionDto.from);
  }

  @ApiCreate('meetings/:id/questions', '事前質問を提出する', ['member', 'chair'], AdvanceQuestionDto)
  @NoAudit()
  async postQuestion(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: PostQuestionDto,
  ): Promise<AdvanceQuestionDto> {
    return AdvanceQuestionDto.from(await this.questions.post(user, id, dto.agendaItemId, dto.text));
  }

  @ApiWrite(
    'post',
    'advance-questions/:id/forward',
    '事前質問を担当課に回付する',
    ['secretariat'],
    AdvanceQuestionDto,
  )
  @NoAudit()
  async forward(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<AdvanceQuestionDto> {
    return AdvanceQuestionDto.from(await this.questions.act(user, id, 'forward'));
  }

  @ApiWrite(
    'post',
    'advance-questions/:id/answer',
    '事前質問に回答する',
    ['clerk', 'secretariat'],
    AdvanceQuestionDto,
  )
  @NoAudit()
  async answer(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AnswerQuestionDto,
  ): Promise<AdvanceQuestionDto> {
    return AdvanceQuestionDto.from(await this.questions.act(user, id, 'answer', dto.answer));
  }
}
