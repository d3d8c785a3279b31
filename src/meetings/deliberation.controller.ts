import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation, ApiCreatedResponse } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
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
import { MeetingViewService } from './meeting-view.service';
import { MeetingErrors } from './meetings.errors';
import { DeliberationRecordDto } from './dto/agenda-answers.dto';

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

  @Roles('secretariat', 'member', 'chair')
  @ApiOperation({ summary: '議事の審議記録を取得する' })
  @Get('meetings/:id/agenda/:itemId/record')
  @ApiOkResponse({ type: DeliberationRecordDto })
  async record(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
  ): Promise<{
    item: AgendaItemDto;
    entries: DeliberationEntryDto[];
    earlier: (DeliberationEntryDto & { meetingNumber: number })[];
    corrections: OutcomeCorrectionDto[];
  }> {
    const detail = await this.view.detail(user, id);
    const v = detail.items.find((i) => i.item.id === itemId);
    if (!v) throw MeetingErrors.itemNotFound();
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

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '審議記録に発言・記録を追加する' })
  @Post('meetings/:id/agenda/:itemId/entries')
  @ApiCreatedResponse({ type: DeliberationEntryDto })
  async addEntry(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: AddEntryDto,
  ): Promise<DeliberationEntryDto> {
    return DeliberationEntryDto.from(await this.deliberation.addEntry(user, id, itemId, dto));
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '審議記録の項目を削除する' })
  @Delete('meetings/:id/agenda/:itemId/entries/:entryId')
  @HttpCode(204)
  async removeEntry(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Param('entryId', IdPipe) entryId: string,
  ): Promise<void> {
    await this.deliberation.removeEntry(user, id, itemId, entryId);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事の結果（答申の内容）を決定する' })
  @Post('meetings/:id/agenda/:itemId/outcome')
  @HttpCode(200)
  @ApiOkResponse({ type: AgendaItemDto })
  async outcome(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: RecordOutcomeDto,
  ): Promise<AgendaItemDto> {
    await this.deliberation.recordOutcome(user, id, itemId, dto);
    const detail = await this.view.detail(user, id);
    return AgendaItemDto.from(detail.items.find((i) => i.item.id === itemId)!);
  }

  /** Corrects a recorded outcome (reason required) until the item's reply is issued. */
  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事の結果を訂正する' })
  @Post('meetings/:id/agenda/:itemId/outcome/correction')
  @HttpCode(200)
  @ApiOkResponse({ type: AgendaItemDto })
  async correctOutcome(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: CorrectOutcomeDto,
  ): Promise<AgendaItemDto> {
    await this.deliberation.correctOutcome(user, id, itemId, dto);
    const detail = await this.view.detail(user, id);
    return AgendaItemDto.from(detail.items.find((i) => i.item.id === itemId)!);
  }

  // ---- advance questions ----

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @ApiOperation({ summary: '事前質問の一覧を取得する' })
  @Get('meetings/:id/questions')
  @ApiOkResponse({ type: [AdvanceQuestionDto] })
  async listQuestions(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<AdvanceQuestionDto[]> {
    return (await this.questions.list(user, id)).map(AdvanceQuestionDto.from);
  }

  @Roles('member', 'chair')
  @NoAudit()
  @ApiOperation({ summary: '事前質問を提出する' })
  @Post('meetings/:id/questions')
  @ApiCreatedResponse({ type: AdvanceQuestionDto })
  async postQuestion(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: PostQuestionDto,
  ): Promise<AdvanceQuestionDto> {
    return AdvanceQuestionDto.from(await this.questions.post(user, id, dto.agendaItemId, dto.text));
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '事前質問を担当課に回付する' })
  @Post('advance-questions/:id/forward')
  @HttpCode(200)
  @ApiOkResponse({ type: AdvanceQuestionDto })
  async forward(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<AdvanceQuestionDto> {
    return AdvanceQuestionDto.from(await this.questions.act(user, id, 'forward'));
  }

  @Roles('clerk', 'secretariat')
  @NoAudit()
  @ApiOperation({ summary: '事前質問に回答する' })
  @Post('advance-questions/:id/answer')
  @HttpCode(200)
  @ApiOkResponse({ type: AdvanceQuestionDto })
  async answer(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: AnswerQuestionDto,
  ): Promise<AdvanceQuestionDto> {
    return AdvanceQuestionDto.from(await this.questions.act(user, id, 'answer', dto.answer));
  }
}
