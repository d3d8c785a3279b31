import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation, ApiConflictResponse } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { WorkflowErrors } from '../workflow/state-machine';
import {
  AddLineDto,
  ConfirmationDto,
  CorrectionDto,
  CorrectionsDto,
  DecisionDto,
  EditLineDto,
  MaskDto,
  MinutesActionDto,
  MinutesDto,
  MyMinutesDto,
  PaperAnswerDto,
  RedactionSettingDto,
  TrackedChangeDto,
  VersionDto,
} from './dto/minutes.dto';
import { minutesMachine } from './minutes-state-machine';
import { MinutesCirculationService } from './minutes-circulation.service';
import { MinutesDraftingService } from './minutes-drafting.service';
import { MinutesRedactionService } from './minutes-redaction.service';
import { MinutesService } from './minutes.service';

const page = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : 1);

/** The minutes API: drafting, the confirmation round, redaction and publishing. */
@ApiTags('会議録')
@AuditTarget('minutes')
@Controller('api/minutes')
export class MinutesController {
  constructor(
    private readonly minutes: MinutesService,
    private readonly drafting: MinutesDraftingService,
    private readonly circulation: MinutesCirculationService,
    private readonly redaction: MinutesRedactionService,
  ) {}

  @Roles('secretariat')
  @ApiOperation({ summary: '会議録の公開時の墨消し設定を取得する' })
  @Get('settings/redaction')
  @ApiOkResponse({ type: RedactionSettingDto })
  async redactionSetting(): Promise<RedactionSettingDto> {
    return RedactionSettingDto.from(await this.minutes.setting());
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議録の公開時の墨消し設定を変更する' })
  @Put('settings/redaction')
  @ApiOkResponse({ type: RedactionSettingDto })
  async updateRedactionSetting(
    @CurrentUser() user: AuthUser,
    @Body() dto: RedactionSettingDto,
  ): Promise<RedactionSettingDto> {
    return RedactionSettingDto.from(await this.redaction.updateSetting(user, dto));
  }

  @Roles('secretariat')
  @ApiOperation({ summary: '会議録を取得する' })
  @Get(':meetingId')
  @ApiOkResponse({ type: MinutesDto })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Query('page') p?: string,
  ): Promise<MinutesDto> {
    return MinutesDto.from(await this.minutes.get(meetingId), user, page(p));
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '審議記録から会議録の案を作る' })
  @Post(':meetingId/generate')
  @HttpCode(200)
  @ApiOkResponse({ type: MinutesDto })
  async generate(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() dto: VersionDto,
  ): Promise<MinutesDto> {
    return MinutesDto.from(await this.drafting.generate(user, meetingId, dto.version), user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議録の行を編集する' })
  @Patch(':meetingId/lines/:key')
  @ApiOkResponse({ type: MinutesDto })
  async editLine(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Param('key') key: string,
    @Body() dto: EditLineDto,
  ): Promise<MinutesDto> {
    return MinutesDto.from(await this.drafting.editLine(user, meetingId, key, dto.text, dto.version), user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議録に行を追加する' })
  @Post(':meetingId/lines')
  @HttpCode(200)
  @ApiOkResponse({ type: MinutesDto })
  async addLine(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() dto: AddLineDto,
  ): Promise<MinutesDto> {
    const saved = await this.drafting.addLine(
      user,
      meetingId,
      { afterKey: dto.afterKey ?? null, text: dto.text, speakerRole: dto.speakerRole ?? null },
      dto.version,
    );
    return MinutesDto.from(saved, user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議録の行を削除する' })
  @Delete(':meetingId/lines/:key')
  @ApiOkResponse({ type: MinutesDto })
  async deleteLine(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Param('key') key: string,
    @Query('version') version?: string,
  ): Promise<MinutesDto> {
    const v = version && /^\d+$/.test(version) ? Number(version) : undefined;
    return MinutesDto.from(await this.drafting.deleteLine(user, meetingId, key, v), user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議録の状態を進める（確認依頼・確定・公開など）' })
  @Post(':meetingId/actions/:action')
  @HttpCode(200)
  @ApiOkResponse({ type: MinutesDto })
  async act(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Param('action') action: string,
    @Body() dto: MinutesActionDto,
  ): Promise<MinutesDto> {
    if (!minutesMachine.isAction(action)) throw WorkflowErrors.unknownAction(action);
    return MinutesDto.from(await this.minutes.act(user, meetingId, action, dto), user);
  }

  @Roles('secretariat')
  @ApiOperation({ summary: '委員の確認状況を取得する' })
  @Get(':meetingId/confirmations')
  @ApiOkResponse({ type: [ConfirmationDto] })
  async confirmations(@Param('meetingId', IdPipe) meetingId: string): Promise<ConfirmationDto[]> {
    return (await this.minutes.confirmations(await this.minutes.get(meetingId))).map(ConfirmationDto.from);
  }

  /** An answer a member without an account sent by post or on paper. */
  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '紙で届いた委員の確認結果を記録する' })
  @Post(':meetingId/paper-answers')
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationDto })
  async recordPaperAnswer(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() dto: PaperAnswerDto,
  ): Promise<ConfirmationDto> {
    const { confirmation } = await this.circulation.recordPaperAnswer(user, meetingId, dto);
    return ConfirmationDto.from(confirmation);
  }

  @Roles('secretariat')
  @ApiOperation({ summary: '委員の修正依頼の一覧を取得する' })
  @Get(':meetingId/corrections')
  @ApiOkResponse({ type: [CorrectionDto] })
  async corrections(@Param('meetingId', IdPipe) meetingId: string): Promise<CorrectionDto[]> {
    const minutes = await this.minutes.get(meetingId);
    const names = await this.minutes.correctionAuthors(minutes);
    return (await this.minutes.corrections(minutes)).map((c) =>
      CorrectionDto.from(c, names.get(c.confirmationId) ?? null),
    );
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '委員の修正依頼を採否決定する' })
  @Post('corrections/:id/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: CorrectionDto })
  async decideCorrection(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: DecisionDto,
  ): Promise<CorrectionDto> {
    return CorrectionDto.from(
      await this.circulation.decideCorrection(user, id, dto.accept, dto.note ?? null, {
        lineKey: dto.lineKey,
        text: dto.text,
      }),
    );
  }

  @Roles('member', 'chair')
  @ApiOperation({ summary: '自分が確認する会議録を取得する（委員）' })
  @Get(':meetingId/mine')
  @ApiOkResponse({ type: MyMinutesDto })
  @ApiConflictResponse({ description: '会議録が委員の確認を受け付ける状態にない' })
  async mine(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Query('page') p?: string,
  ): Promise<{ minutes: MinutesDto; confirmation: ConfirmationDto; changes: TrackedChangeDto[] }> {
    const { minutes, confirmation } = await this.minutes.memberMinutes(user, meetingId);
    return {
      minutes: MinutesDto.from(minutes, user, page(p)),
      confirmation: ConfirmationDto.from(confirmation),
      // What changed since the member last confirmed (修正箇所).
      changes: (await this.minutes.unseenChanges(minutes, confirmation)).map(TrackedChangeDto.from),
    };
  }

  @Roles('member', 'chair')
  @NoAudit()
  @ApiOperation({ summary: '会議録を確認済みにする（委員）' })
  @Post(':meetingId/member-confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationDto })
  async memberConfirm(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
  ): Promise<ConfirmationDto> {
    return ConfirmationDto.from(await this.circulation.memberConfirm(user, meetingId));
  }

  @Roles('member', 'chair')
  @NoAudit()
  @ApiOperation({ summary: '会議録の修正を依頼する（委員）' })
  @Post(':meetingId/member-corrections')
  @HttpCode(200)
  @ApiOkResponse({ type: [CorrectionDto] })
  async memberCorrect(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() dto: CorrectionsDto,
  ): Promise<CorrectionDto[]> {
    return (await this.circulation.memberCorrect(user, meetingId, dto.corrections)).map((c) =>
      CorrectionDto.from(c),
    );
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '公開用の墨消し候補を作る' })
  @Post(':meetingId/redaction')
  @HttpCode(200)
  @ApiOkResponse({ type: [MaskDto] })
  async prepareRedaction(
    @CurrentUser() user: AuthUser,
    @Param('meetingId', IdPipe) meetingId: string,
  ): Promise<MaskDto[]> {
    return (await this.redaction.prepareRedaction(user, meetingId)).map(MaskDto.from);
  }

  @Roles('secretariat')
  @ApiOperation({ summary: '墨消し候補の一覧を取得する' })
  @Get(':meetingId/masks')
  @ApiOkResponse({ type: [MaskDto] })
  async masks(@Param('meetingId', IdPipe) meetingId: string): Promise<MaskDto[]> {
    return (await this.minutes.masks(await this.minutes.get(meetingId))).map(MaskDto.from);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '墨消し候補を採否決定する' })
  @Post('masks/:id/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: MaskDto })
  async decideMask(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: DecisionDto,
  ): Promise<MaskDto> {
    return MaskDto.from(await this.redaction.decideMask(user, id, dto.accept, dto.replacement));
  }
}
