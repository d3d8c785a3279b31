import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoAudit } from '../audit/audit.decorators';
import { Public } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { Views } from '../views/views';
import { PublicPortalService } from './public-portal.service';

/** The public portal's pages (no login): published minutes and issued replies, and their search. */
@ApiExcludeController()
@Controller()
export class PublicPortalWebController {
  constructor(
    private readonly views: Views,
    private readonly portal: PublicPortalService,
  ) {}

  @Public()
  @NoAudit()
  @Get('public')
  async portalIndex(@Res() res: Response, @Query('q') q?: string) {
    const query = typeof q === 'string' && q.trim() ? q.trim().slice(0, 100) : null;
    const [councilName, meetings, replies] = await Promise.all([
      this.portal.councilName(),
      this.portal.meetings(query),
      this.portal.replies(query),
    ]);
    this.views.page(res, 'public/index', `${councilName} 会議録・答申`, {
      councilName,
      q: query,
      meetings,
      replies,
    });
  }

  @Public()
  @NoAudit()
  @Get('public/minutes/:meetingId')
  async publicMinutes(@Res() res: Response, @Param('meetingId', IdPipe) meetingId: string) {
    const [councilName, m] = await Promise.all([this.portal.councilName(), this.portal.minutes(meetingId)]);
    this.views.page(res, 'public/minutes', `第${m.number}回 会議録`, { councilName, m });
  }

  @Public()
  @NoAudit()
  @Get('public/replies/:id')
  async publicReply(@Res() res: Response, @Param('id', IdPipe) id: string) {
    const r = await this.portal.reply(id);
    this.views.page(res, 'public/reply', `${r.numberLabel} ${r.title}`, { r });
  }
}
