import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { NoAudit } from '../audit/audit.decorators';
import { Public } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import {
  PublicMeetingDto,
  PublicMinutesDto,
  PublicMinutesLineDto,
  PublicReplyDetailDto,
  PublicReplyDto,
} from './dto/public-api.dto';
import { PublicSearchQueryDto, PublicSearchResultDto } from './dto/public-search.dto';
import { PublicPortalService } from './public-portal.service';
import { searchPublic } from './search/public-search';

/** The express setting under which create-app keeps the public API's own OpenAPI document. */
export const PUBLIC_API_DOCUMENT = 'publicApiDocument';

/**
 * The open read API (no login, JSON): what the portal shows, per council. Documented apart from
 * the staff API (`/public/api/openapi.json`); CORS open for GET and cached briefly (the middleware
 * in PublicPortalModule); rate-limited per address with the public pages' budget.
 */
@ApiTags('公開API')
@Controller()
export class PublicApiController {
  constructor(private readonly portal: PublicPortalService) {}

  @Public()
  @NoAudit()
  @Get('public/api/openapi.json')
  @ApiOperation({ summary: '公開 API の OpenAPI 文書' })
  document(@Req() req: Request): unknown {
    return req.app.get(PUBLIC_API_DOCUMENT) as unknown;
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/api/meetings')
  @ApiOperation({ summary: '会議録が公開された会議の一覧（新しい順）' })
  @ApiOkResponse({ type: [PublicMeetingDto] })
  meetings(@Param('slug') slug: string): Promise<PublicMeetingDto[]> {
    return this.portal.read(slug, async (m, c) =>
      (await this.portal.meetings(m)).map((x) => PublicMeetingDto.from(c.slug, x)),
    );
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/api/meetings/:meetingId/lines')
  @ApiOperation({ summary: '公開された会議録の全行（公開版）' })
  @ApiOkResponse({ type: PublicMinutesDto })
  lines(
    @Param('slug') slug: string,
    @Param('meetingId', IdPipe) meetingId: string,
  ): Promise<PublicMinutesDto> {
    return this.portal.read(slug, async (m, c) => {
      const minutes = await this.portal.minutes(m, meetingId);
      return {
        ...PublicMeetingDto.from(c.slug, minutes),
        lines: minutes.lines.map((l) => PublicMinutesLineDto.from(c.slug, meetingId, l)),
      };
    });
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/api/replies')
  @ApiOperation({ summary: '公開された答申の一覧（新しい順）' })
  @ApiOkResponse({ type: [PublicReplyDto] })
  replies(@Param('slug') slug: string): Promise<PublicReplyDto[]> {
    return this.portal.read(slug, async (m, c) =>
      (await this.portal.replies(m)).map((r) => PublicReplyDto.from(c.slug, r)),
    );
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/api/replies/:id')
  @ApiOperation({ summary: '公開された答申' })
  @ApiOkResponse({ type: PublicReplyDetailDto })
  reply(@Param('slug') slug: string, @Param('id', IdPipe) id: string): Promise<PublicReplyDetailDto> {
    return this.portal.read(slug, async (m, c) =>
      PublicReplyDetailDto.detail(
        c.slug,
        await this.portal.reply(m, id),
        await this.portal.deliberation(m, c, id),
      ),
    );
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/api/search')
  @ApiOperation({
    summary:
      '会議録の発言・答申の節を検索（AND / OR / NOT、関連語、期間・会議・案件・結果・根拠条項・発言者で絞り込み）',
  })
  @ApiOkResponse({ type: PublicSearchResultDto })
  search(@Param('slug') slug: string, @Query() query: PublicSearchQueryDto): Promise<PublicSearchResultDto> {
    return this.portal.readOneStatement(slug, async (m, c) => {
      const result = await searchPublic(m, c, query);
      return { ...result, hits: result.hits.map(({ segments: _s, ...hit }) => hit) };
    });
  }
}
