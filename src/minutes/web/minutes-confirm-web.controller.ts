import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, num, str } from '../../views/form';
import { Views } from '../../views/views';
import { ConfirmationDto, CorrectionsDto, MinutesDto, TrackedChangeDto } from '../dto/minutes.dto';
import { MinutesErrors } from '../minutes.errors';
import { MinutesCirculationService } from '../minutes-circulation.service';
import type { CorrectionInput } from '../minutes-circulation.service';
import { MinutesService } from '../minutes.service';
import { numbered, pager } from './minutes-views';
import { FormRoute } from '../../views/form-route';

/** A member's screen for the draft minutes: confirm them or send corrections (CorrectionsDto). */
@ApiExcludeController()
@Controller()
export class MinutesConfirmWebController {
  constructor(
    private readonly views: Views,
    private readonly minutes: MinutesService,
    private readonly circulation: MinutesCirculationService,
  ) {}

  @Roles('member', 'chair')
  @Get('minutes/:meetingId/confirm')
  async confirmPage(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @IdParam('meetingId') meetingId: string,
    @Query('page') p?: string,
  ) {
    const meeting = await this.minutes.meeting(meetingId);
    const { minutes, confirmation } = await this.minutes.memberMinutes(user, meetingId);
    const dto = MinutesDto.from(minutes, user, num(p) ?? 1);
    this.views.page(res, 'minutes/confirm', `第${meeting.number}回 会議録（案）の確認`, {
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

  @FormRoute('minutes/:meetingId/confirm', 'member', 'chair')
  async confirm(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam('meetingId') meetingId: string,
  ) {
    const back = `/minutes/${meetingId}/confirm`;
    if (str(body.answer) === 'confirm') {
      await act(res, { back, notice: '会議録（案）を確認済みとしました。' }, () =>
        this.circulation.memberConfirm(user, meetingId),
      );
      return;
    }
    await act(res, { back, notice: '修正依頼を送りました。' }, async () => {
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
      const dto = await formDto(CorrectionsDto, { corrections: input });
      await this.circulation.memberCorrect(user, meetingId, dto.corrections);
    });
  }
}
