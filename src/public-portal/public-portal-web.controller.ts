import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoAudit } from '../audit/audit.decorators';
import { Public } from '../auth/decorators';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AppError } from '../common/errors/app-error';
import { IdPipe } from '../common/http/id.pipe';
import { OUTCOME_LABELS, OUTCOMES } from '../meetings/agenda-item.entity';
import { parseForm } from '../views/form';
import { Views } from '../views/views';
import { fiscalYearOf } from '../workflow/numbering';
import { ITEM_KIND_LABELS, PublicSearchQueryDto, SPEAKER_ROLES } from './dto/public-search.dto';
import { groupByFiscalYear } from './fiscal-year-groups';
import { atomFeed } from './public-feed';
import { citation, PublicPortalService } from './public-portal.service';
import { searchPublic } from './search/public-search';

const REPLIES_PER_PAGE = 20;

/**
 * The public portal's pages (no login), one portal per council at `/public/<slug>/…`: published
 * minutes and issued replies, the speech-level search, the Atom feed. The URLs from before
 * (`/public/minutes/…`, `/public/replies/…`) lead to the first council's for good (301).
 */
@ApiExcludeController()
@Controller()
export class PublicPortalWebController {
  constructor(
    private readonly views: Views,
    private readonly portal: PublicPortalService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Absolute URLs (feed, citations) start with PUBLIC_BASE_URL, never with the request's Host header. */
  private get site(): string {
    return this.config.publicBaseUrl;
  }

  @Public()
  @NoAudit()
  @Get('public')
  async councils(@Res() res: Response, @Query('q') q?: string) {
    const councils = await this.portal.councils();
    if (councils.length === 1) {
      const query = typeof q === 'string' && q.trim() ? `/search?q=${encodeURIComponent(q.trim())}` : '';
      return res.redirect(302, `/public/${councils[0].slug}${query}`);
    }
    this.views.page(res, 'public/councils', '審議会の会議録・答申', { councils });
  }

  @Public()
  @NoAudit()
  @Get('public/minutes/:meetingId')
  async legacyMinutes(@Res() res: Response, @Param('meetingId', IdPipe) meetingId: string) {
    res.redirect(301, `/public/${await this.portal.legacySlug()}/minutes/${meetingId}`);
  }

  @Public()
  @NoAudit()
  @Get('public/replies/:id')
  async legacyReply(@Res() res: Response, @Param('id', IdPipe) id: string) {
    res.redirect(301, `/public/${await this.portal.legacySlug()}/replies/${id}`);
  }

  @Public()
  @NoAudit()
  @Get('public/:slug')
  async index(@Res() res: Response, @Param('slug') slug: string) {
    const page = await this.portal.read(slug, async (m, council) => ({
      council,
      years: groupByFiscalYear(await this.portal.meetings(m), (x) => fiscalYearOf(x.startsAt)),
      replies: await this.portal.replies(m),
    }));
    this.views.page(res, 'public/index', `${page.council.councilName} 会議録・答申`, {
      ...page,
      form: this.searchForm({}),
    });
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/search')
  async search(@Res() res: Response, @Param('slug') slug: string, @Query() query: Record<string, unknown>) {
    const { dto, errors } = await parseForm(PublicSearchQueryDto, query);
    const page = await this.portal.readOneStatement(slug, async (m, council) => {
      if (errors) return { council, result: null, errors };
      try {
        return { council, result: await searchPublic(m, council, dto), errors: null };
      } catch (e) {
        // A query or period that cannot be read is shown beside the form, as typed.
        if (e instanceof AppError && e.status === 400)
          return { council, result: null, errors: { _: [e.detail] } };
        throw e;
      }
    });
    const values = Object.fromEntries(
      Object.entries(query).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
    );
    const result = page.result;
    const pageUrl = (n: number) => {
      const params = new URLSearchParams(values);
      params.set('page', String(n));
      return `/public/${page.council.slug}/search?${params.toString()}`;
    };
    this.views.page(
      res,
      'public/search',
      `検索結果 ${page.council.councilName}`,
      {
        council: page.council,
        form: this.searchForm(values),
        errors: page.errors,
        result: result && {
          ...result,
          hits: result.hits.map((h) => ({
            ...h,
            itemKindLabel: h.itemKind ? ITEM_KIND_LABELS[h.itemKind as 'consultation' | 'report'] : null,
            outcomeLabel: h.outcome ? OUTCOME_LABELS[h.outcome as keyof typeof OUTCOME_LABELS] : null,
          })),
          from: result.total ? (result.page - 1) * result.perPage + 1 : 0,
          to: (result.page - 1) * result.perPage + result.hits.length,
          prev: result.page > 1 ? pageUrl(result.page - 1) : null,
          next: result.page < result.pages ? pageUrl(result.page + 1) : null,
        },
      },
      page.errors ? 400 : 200,
    );
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/minutes/:meetingId')
  async minutes(
    @Res() res: Response,
    @Param('slug') slug: string,
    @Param('meetingId', IdPipe) meetingId: string,
  ) {
    const { council, m } = await this.portal.read(slug, async (tx, c) => ({
      council: c,
      m: await this.portal.minutes(tx, meetingId),
    }));
    const url = `${this.site}/public/${council.slug}/minutes/${m.meetingId}`;
    const lines = m.lines.map((l) => ({
      ...l,
      cite:
        l.kind === 'heading' || l.kind === 'section'
          ? null
          : citation(council, `第${m.number}回会議録 ${l.no}行目`, m.startsAt, `${url}#line-${l.no}`),
    }));
    this.views.page(res, 'public/minutes', `第${m.number}回 会議録`, {
      council,
      m: { ...m, lines },
      cite: citation(council, `第${m.number}回会議録`, m.startsAt, url),
    });
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/replies')
  async replies(@Res() res: Response, @Param('slug') slug: string, @Query('page') pageParam?: unknown) {
    const page = typeof pageParam === 'string' && /^[1-9]\d{0,5}$/.test(pageParam) ? Number(pageParam) : 1;
    const { council, list } = await this.portal.read(slug, async (m, c) => ({
      council: c,
      list: await this.portal.repliesByNumber(m, page, REPLIES_PER_PAGE),
    }));
    const pages = Math.max(1, Math.ceil(list.total / list.perPage));
    const url = (n: number) => `/public/${council.slug}/replies?page=${n}`;
    // Grouped by 年度: 答申第N号 starts again each April (a council numbering continuously has one group).
    const years = groupByFiscalYear(list.replies, (r) => (r.fiscalYear > 0 ? r.fiscalYear : null));
    this.views.page(res, 'public/replies', `答申の一覧 ${council.councilName}`, {
      council,
      years,
      total: list.total,
      page,
      pages,
      prev: page > 1 ? url(Math.min(page - 1, pages)) : null,
      next: page < pages ? url(page + 1) : null,
    });
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/replies/:id')
  async reply(@Res() res: Response, @Param('slug') slug: string, @Param('id', IdPipe) id: string) {
    const { council, r, story } = await this.portal.read(slug, async (m, c) => ({
      council: c,
      r: await this.portal.reply(m, id),
      story: await this.portal.deliberation(m, c, id),
    }));
    const url = `${this.site}/public/${council.slug}/replies/${r.id}`;
    // Sections numbered as the search index numbers them: title 1, body 2, then conditions and opinions.
    const numbered = (list: string[], first: number) => list.map((text, i) => ({ text, no: first + i }));
    this.views.page(res, 'public/reply', `${r.numberLabel} ${r.title}`, {
      council,
      r,
      story: story.map((l) => ({
        ...l,
        url: `/public/${council.slug}/minutes/${l.meetingId}#line-${l.lineNo}`,
      })),
      conditions: numbered(r.standardConditions, 3),
      opinions: numbered(r.supplementaryOpinions, 3 + r.standardConditions.length),
      cite: citation(council, `${r.numberLabel} ${r.title}`, r.replyDate, url),
    });
  }

  @Public()
  @NoAudit()
  @Get('public/:slug/feed.atom')
  async feed(@Res() res: Response, @Param('slug') slug: string) {
    const site = this.site;
    const xml = await this.portal.read(slug, async (m, council) => {
      const base = `${site}/public/${council.slug}`;
      const meetings = await this.portal.meetings(m);
      const replies = await this.portal.replies(m);
      return atomFeed({
        id: `${base}/feed.atom`,
        title: `${council.councilName} 会議録・答申`,
        selfUrl: `${base}/feed.atom`,
        siteUrl: base,
        author: council.councilName,
        entries: [
          ...meetings.map((x) => ({
            id: `${base}/minutes/${x.meetingId}`,
            title: `第${x.number}回 会議録`,
            updated: new Date(x.publishedAt),
            url: `${base}/minutes/${x.meetingId}`,
            summary: `第${x.number}回${council.councilName}の会議録を公開しました。`,
          })),
          ...replies.map((r) => ({
            id: `${base}/replies/${r.id}`,
            title: `${r.numberLabel} ${r.title}`,
            updated: new Date(r.issuedAt),
            url: `${base}/replies/${r.id}`,
            summary: `${r.numberLabel}（${r.outcome}）を公開しました。`,
          })),
        ],
      });
    });
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/atom+xml; charset=utf-8').send(xml);
  }

  private searchForm(values: Record<string, string>) {
    const pick = <T extends string>(list: readonly T[], label: (v: T) => string, current?: string) =>
      list.map((v) => ({ value: v, label: label(v), selected: v === current }));
    return {
      values: { related: 'true', ...values },
      roles: pick(SPEAKER_ROLES, (v) => v, values.role),
      itemKinds: pick(['consultation', 'report'] as const, (v) => ITEM_KIND_LABELS[v], values.itemKind),
      outcomes: pick(OUTCOMES, (v) => OUTCOME_LABELS[v], values.outcome),
      docs: pick(['minutes', 'reply'] as const, (v) => (v === 'minutes' ? '会議録' : '答申'), values.doc),
      sorts: pick(
        ['relevance', 'date'] as const,
        (v) => (v === 'relevance' ? '関連度順' : '新しい順'),
        values.sort,
      ),
    };
  }
}
