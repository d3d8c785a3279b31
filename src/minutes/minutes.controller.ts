import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiTags, ApiConflictResponse } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
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
import { ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

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

  @ApiGet('settings/redaction', '会議録の公開時の墨消し設定を取得する', ['secretariat'], RedactionSettingDto)
  async redactionSetting(): Promise<RedactionSettingDto> {
    return RedactionSettingDto.from(await this.minutes.setting());
  }

  @ApiWrite(
    'put',
    'settings/redaction',
    '会議録の公開時の墨消し設定を変更する',
    ['secretariat'],
    RedactionSettingDto,
  )
  @NoAudit()
  async updateRedactionSetting(
    @CurrentUser() user: AuthUser,
    @Body() dto: RedactionSettingDto,
  ): Promise<RedactionSettingDto> {
    return RedactionSettingDto.from(await this.redaction.updateSetting(user, dto));
  }

  @ApiGet(':meetingId', '会議録を取得する', ['secretariat'], MinutesDto)
  async get(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Query('page') p?: string,
  ): Promise<MinutesDto> {
    return MinutesDto.from(await this.minutes.get(meetingId), user, page(p));
  }

  @ApiWrite('post', ':meetingId/generate', '審議記録から会議録の案を作る', ['secretariat'], MinutesDto)
  @NoAudit()
  async generate(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Body() dto: VersionDto,
  ): Promise<MinutesDto> {
    return MinutesDto.from(await this.drafting.generate(user, meetingId, dto.version), user);
  }

  @ApiWrite('patch', ':meetingId/lines/:key', '会議録の行を編集する', ['secretariat'], MinutesDto)
  @NoAudit()
  async editLine(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Param('key') key: string,
    @Body() dto: EditLineDto,
  ): Promise<MinutesDto> {
    return MinutesDto.from(await this.drafting.editLine(user, meetingId, key, dto.text, dto.version), user);
  }

  @ApiWrite('post', ':meetingId/lines', '会議録に行を追加する', ['secretariat'], MinutesDto)
  @NoAudit()
  async addLine(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
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

  @ApiWrite('delete', ':meetingId/lines/:key', '会議録の行を削除する', ['secretariat'], MinutesDto)
  @NoAudit()
  async deleteLine(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Param('key') key: string,
    @Query('version') version?: string,
  ): Promise<MinutesDto> {
    const v = version && /^\d+$/.test(version) ? Number(version) : undefined;
    return MinutesDto.from(await this.drafting.deleteLine(user, meetingId, key, v), user);
  }

  @ApiWrite(
    'post',
    ':meetingId/actions/:action',
    '会議録の状態を進める（確認依頼・確定・公開など）',
    ['secretariat'],
    MinutesDto,
  )
  @NoAudit()
  async act(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Param('action') action: string,
    @Body() dto: MinutesActionDto,
  ): Promise<MinutesDto> {
    if (!minutesMachine.isAction(action)) throw WorkflowErrors.unknownAction(action);
    return MinutesDto.from(await this.minutes.act(user, meetingId, action, dto), user);
  }

  @ApiGet(':meetingId/confirmations', '委員の確認状況を取得する', ['secretariat'], [ConfirmationDto])
  async confirmations(@IdParam('meetingId') meetingId: string): Promise<ConfirmationDto[]> {
    return (await this.minutes.confirmations(await this.minutes.get(meetingId))).map(ConfirmationDto.from);
  }

  /** An answer a member without an account sent by post or on paper. */
  @ApiWrite(
    'post',
    ':meetingId/paper-answers',
    '紙で届いた委員の確認結果を記録する',
    ['secretariat'],
    ConfirmationDto,
  )
  @NoAudit()
  async recordPaperAnswer(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Body() dto: PaperAnswerDto,
  ): Promise<ConfirmationDto> {
    const { confirmation } = await this.circulation.recordPaperAnswer(user, meetingId, dto);
    return ConfirmationDto.from(confirmation);
  }

  @ApiGet(':meetingId/corrections', '委員の修正依頼の一覧を取得する', ['secretariat'], [CorrectionDto])
  async corrections(@IdParam('meetingId') meetingId: string): Promise<CorrectionDto[]> {
    const minutes = await this.minutes.get(meetingId);
    const names = await this.minutes.correctionAuthors(minutes);
    return (await this.minutes.corrections(minutes)).map((c) =>
      CorrectionDto.from(c, names.get(c.confirmationId) ?? null),
    );
  }

  @ApiWrite(
    'post',
    'corrections/:id/decision',
    '委員の修正依頼を採否決定する',
    ['secretariat'],
    CorrectionDto,
  )
  @NoAudit()
  async decideCorrection(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: DecisionDto,
  ): Promise<CorrectionDto> {
    return CorrectionDto.from(
      await this.circulation.decideCorrection(user, id, dto.accept, dto.note ?? null, {
        lineKey: dto.lineKey,
        text: dto.text,
      }),
    );
  }

  @ApiGet(':meetingId/mine', '自分が確認する会議録を取得する（委員）', ['member', 'chair'], MyMinutesDto)
  @ApiConflictResponse({ description: '会議録が委員の確認を受け付ける状態にない' })
  async mine(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
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

  @ApiWrite(
    'post',
    ':meetingId/member-confirm',
    '会議録を確認済みにする（委員）',
    ['member', 'chair'],
    ConfirmationDto,
  )
  @NoAudit()
  async memberConfirm(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
  ): Promise<ConfirmationDto> {
    return ConfirmationDto.from(await this.circulation.memberConfirm(user, meetingId));
  }

  @ApiWrite(
    'post',
    ':meetingId/member-corrections',
    '会議録の修正を依頼する（委員）',
    ['member', 'chair'],
    [CorrectionDto],
  )
  @NoAudit()
  async memberCorrect(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Body() dto: CorrectionsDto,
  ): Promise<CorrectionDto[]> {
    return (await this.circulation.memberCorrect(user, meetingId, dto.corrections)).map((c) =>
      CorrectionDto.from(c),
    );
  }

  @ApiWrite('post', ':meetingId/redaction', '公開用の墨消し候補を作る', ['secretariat'], [MaskDto])
  @NoAudit()
  async prepareRedaction(
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
  ): Promise<MaskDto[]> {
    return (await this.redaction.prepareRedaction(user, meetingId)).map(MaskDto.from);
  }

  @ApiGet(':meetingId/masks', '墨消し候補の一覧を取得する', ['secretariat'], [MaskDto])
  async masks(@IdParam('meetingId') meetingId: string): Promise<MaskDto[]> {
    return (await this.minutes.masks(await this.minutes.get(meetingId))).map(MaskDto.from);
  }

  @ApiWrite('post', 'masks/:id/decision', '墨消し候補を採否決定する', ['secretariat'], MaskDto)
  @NoAudit()
  async decideMask(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: DecisionDto,
  ): Promise<MaskDto> {
    return MaskDto.from(await this.redaction.decideMask(user, id, dto.accept, dto.replacement));
  }
}
