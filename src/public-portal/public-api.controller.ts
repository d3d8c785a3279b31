import { Controller, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NoAudit } from '../audit/audit.decorators';
import { Public } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import {
  PublicMeetingDto,
  PublicMinutesDto,
  PublicMinutesLineDto,
  PublicReplyDetailDto,
  PublicReplyDto,
  PublicReplyListQueryDto,
} from './dto/public-api.dto';
import { PublicSearchQueryDto, PublicSearchResultDto } from './dto/public-search.dto';
import { PublicPortalService } from './public-portal.service';
import { DEFAULT_PER_PAGE, searchPublic } from './search/public-search';
import { parseFiscalYear } from './search/search-query';
import { ApiGet } from '../common/openapi/route';

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
  @ApiGet('public/api/openapi.json', '公開 API の OpenAPI 文書', 'controller')
  document(@Req() req: Request): unknown {
    return req.app.get(PUBLIC_API_DOCUMENT) as unknown;
  }

  @Public()
  @NoAudit()
  @ApiGet('public/:slug/api/meetings', '会議録が公開された会議の一覧（新しい順）', 'controller', [
    PublicMeetingDto,
  ])
  meetings(@Param('slug') slug: string): Promise<PublicMeetingDto[]> {
    return this.portal.read(slug, async (m, c) =>
      (await this.portal.meetings(m)).map((x) => PublicMeetingDto.from(c.slug, x)),
    );
  }

  @Public()
  @NoAudit()
  @ApiGet(
    'public/:slug/api/meetings/:meetingId/lines',
    '公開された会議録の全行（公開版）',
    'controller',
    PublicMinutesDto,
  )
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
  @ApiGet(
    'public/:slug/api/replies',
    {
      summary: '公開された答申の一覧（新しい順、ページ分け、年度で絞り込み）',
      description:
        '1 ページ perPage 件（既定 20、100 まで）。全件数は X-Total-Count、前後のページは Link（rel="prev" / "next"）ヘッダー。',
    },
    'controller',
    {
      type: [PublicReplyDto],
      headers: {
        'X-Total-Count': { description: '条件に合う答申の件数（全ページ）', schema: { type: 'integer' } },
        Link: {
          description: '前後のページの URL（RFC 8288、rel="prev" / "next"）',
          schema: { type: 'string' },
        },
      },
    },
  )
  @ApiBadRequestResponse({ description: '年度・ページの指定を読み取れない' })
  replies(
    @Param('slug') slug: string,
    @Query() query: PublicReplyListQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicReplyDto[]> {
    const period = query.fiscalYear ? parseFiscalYear(query.fiscalYear) : null;
    const page = query.page ?? 1;
    const perPage = query.perPage ?? DEFAULT_PER_PAGE;
    return this.portal.read(slug, async (m, c) => {
      const { replies, total } = await this.portal.replyList(m, page, perPage, period);
      res.setHeader('X-Total-Count', String(total));
      const url = (n: number) => {
        const params = new URLSearchParams({ page: String(n), perPage: String(perPage) });
        if (query.fiscalYear) params.set('fiscalYear', query.fiscalYear);
        return `/public/${c.slug}/api/replies?${params.toString()}`;
      };
      const pages = Math.ceil(total / perPage);
      const links = [
        ...(page > 1 ? [`<${url(Math.min(page - 1, Math.max(pages, 1)))}>; rel="prev"`] : []),
        ...(page < pages ? [`<${url(page + 1)}>; rel="next"`] : []),
      ];
      if (links.length) res.setHeader('Link', links.join(', '));
      return replies.map((r) => PublicReplyDto.from(c.slug, r));
    });
  }

  @Public()
  @NoAudit()
  @ApiGet('public/:slug/api/replies/:id', '公開された答申', 'controller', PublicReplyDetailDto)
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
  @ApiGet(
    'public/:slug/api/search',
    '会議録の発言・答申の節を検索（AND / OR / NOT、関連語、期間・会議・案件・結果・根拠条項・発言者で絞り込み）',
    'controller',
    PublicSearchResultDto,
  )
  search(@Param('slug') slug: string, @Query() query: PublicSearchQueryDto): Promise<PublicSearchResultDto> {
    return this.portal.readOneStatement(slug, async (m, c) => {
      const result = await searchPublic(m, c, query);
      return { ...result, hits: result.hits.map(({ segments: _s, ...hit }) => hit) };
    });
  }
}
