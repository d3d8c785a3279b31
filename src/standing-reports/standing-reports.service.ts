import { rm } from 'node:fs/promises';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../auth/actor';
import type { AuthUser } from '../auth/auth-user';
import { findCurrentCouncil } from '../council/current-council';
import { UnitOfWork } from '../database/unit-of-work';
import { htmlToDocx } from '../documents/docx/html-to-docx';
import { safeDownloadName } from '../documents/papers/content-disposition';
import type { PaperFile } from '../documents/papers/papers.service';
import type { WordFile } from '../documents/docx/word-papers.service';
import { PDF_RENDERER, type PdfRenderer, type PrintableDocument } from '../documents/renderer/pdf-renderer';
import { DocumentTemplates } from '../documents/templates/document-templates';
import { formatWareki } from '../common/format/wareki';
import { todayInJapan } from '../common/format/today';
import { AgendaService } from '../meetings/agenda.service';
import { Meeting } from '../meetings/meeting.entity';
import { MeetingErrors } from '../meetings/meetings.errors';
import { ReportFilesService } from '../meetings/report-files.service';
import type {
  AddStandingReportsDto,
  AddedReportItemDto,
  StandingReportQueryDto,
} from './dto/standing-report.dto';
import { operationsSections } from './operations-report';
import { resolvePeriod, sinceLastMeeting, type PeriodChoice, type ReportPeriod } from './report-period';
import type { ReportCell, ReportSection, StandingReport, StandingReportSource } from './standing-report';
import { StandingReportRegistry } from './standing-report.registry';
import { StandingReportErrors } from './standing-reports.errors';

const DEFAULT_COUNCIL = '情報公開・個人情報保護審議会';

/**
 * Standing reports (報告事項 the secretariat makes every year: 登録状況, 運用状況, 事故等の状況) from
 * the records of a period, as data, as PDF / .docx, and put on a meeting's agenda in one step.
 */
@Injectable()
export class StandingReportsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly registry: StandingReportRegistry,
    private readonly templates: DocumentTemplates,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    private readonly agenda: AgendaService,
    private readonly reportFiles: ReportFilesService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    registerOperationsReport(this.registry);
  }

  kinds(): { kind: string; title: string }[] {
    return this.registry.all().map(({ kind, title }) => ({ kind, title }));
  }

  async report(kind: string, q: StandingReportQueryDto): Promise<StandingReport> {
    return this.build(this.source(kind), this.period(choiceOf(q)));
  }

  async pdf(kind: string, q: StandingReportQueryDto): Promise<PaperFile> {
    const report = await this.report(kind, q);
    const pdf = await this.renderer.render(await this.printable(report));
    return { pdf, ...this.names(report, 'pdf') };
  }

  async docx(kind: string, q: StandingReportQueryDto): Promise<WordFile> {
    const report = await this.report(kind, q);
    const docx = await htmlToDocx((await this.printable(report)).html);
    return { docx, ...this.names(report, 'docx') };
  }

  /**
   * Makes each asked report for the period and puts it on the meeting's agenda as a report item
   * (報告事項) with its PDF as the item's material, all in one transaction: either every item with
   * its file is there, or none. The PDFs are printed before the transaction opens, so no lock waits
   * on Chromium.
   */
  async addToAgenda(
    actor: AuthUser,
    meetingId: string,
    dto: AddStandingReportsDto,
  ): Promise<AddedReportItemDto[]> {
    const unknown = dto.kinds.filter((k) => !this.registry.get(k));
    if (unknown.length) throw StandingReportErrors.kindsUnknown(unknown);
    const sources = this.registry.all().filter((s) => dto.kinds.includes(s.kind));
    const period = this.period(await this.agendaChoice(meetingId, dto));
    const papers: { report: StandingReport; pdf: Buffer }[] = [];
    for (const source of sources) {
      const report = await this.build(source, period);
      papers.push({ report, pdf: await this.renderer.render(await this.printable(report)) });
    }
    const stored: string[] = [];
    try {
      return await this.uow.run(actor, async (m) => {
        const added: AddedReportItemDto[] = [];
        for (const { report, pdf } of papers) {
          const title = standingReportItemTitle(report);
          const item = await this.agenda.addSecretariatReport(actor, meetingId, title);
          const { file, path } = await this.reportFiles.attachGenerated(
            actor,
            meetingId,
            item.id,
            pdf,
            this.names(report, 'pdf').fileName,
            title,
          );
          stored.push(path);
          added.push({ id: item.id, title, fileId: file.id });
        }
        await this.audit.record(
          {
            actor: actorOf(actor),
            action: 'update',
            targetType: 'meeting',
            targetId: meetingId,
            detail: {
              standingReports: sources.map((s) => s.kind),
              period: { from: period.from, to: period.to },
            },
          },
          m,
        );
        return added;
      });
    } catch (e) {
      await Promise.all(stored.map((p) => rm(p, { force: true })));
      throw e;
    }
  }

  private source(kind: string): StandingReportSource {
    const source = this.registry.get(kind);
    if (!source) throw StandingReportErrors.unknownKind(kind);
    return source;
  }

  private period(choice: PeriodChoice): ReportPeriod {
    const period = resolvePeriod(choice);
    if (typeof period === 'string') throw StandingReportErrors.period(period);
    return period;
  }

  /** One snapshot: the sections of a report agree with each other. */
  private build(source: StandingReportSource, period: ReportPeriod): Promise<StandingReport> {
    return this.ds.transaction('REPEATABLE READ', (m) => buildStandingReport(m, source, period));
  }

  private async agendaChoice(meetingId: string, dto: AddStandingReportsDto): Promise<PeriodChoice> {
    if (dto.period !== 'sinceLastMeeting') return choiceOf({ ...dto, period: dto.period });
    const meeting = await this.ds.getRepository(Meeting).findOne({ where: { id: meetingId } });
    if (!meeting) throw MeetingErrors.notFound();
    const day = todayInJapan(meeting.startsAt);
    const [previous]: { day: string | null }[] = await this.ds.query(
      `SELECT max((starts_at AT TIME ZONE 'Asia/Tokyo')::date)::text AS day
         FROM meeting WHERE id <> $1 AND starts_at < $2`,
      [meetingId, meeting.startsAt],
    );
    return sinceLastMeeting(day, previous?.day ?? null);
  }

  private async printable(report: StandingReport): Promise<PrintableDocument> {
    const council = (await findCurrentCouncil(this.ds.manager))?.councilName ?? DEFAULT_COUNCIL;
    const view = {
      title: report.title,
      dateLabel: formatWareki(todayInJapan()),
      sender: `${council}事務局`,
      periodLabel: report.period.label,
      sections: report.sections.map((s, i) => sectionView(s, i + 1)),
    };
    return this.templates.document(
      'standing-report',
      view,
      {
        confidentialityLevel: report.confidentialityLevel,
        draftMark: null,
        councilName: council,
      },
      report.title,
    );
  }

  private names(report: StandingReport, ext: 'pdf' | 'docx'): { fileName: string; fallbackName: string } {
    return { fileName: standingReportFileName(report, ext), fallbackName: `${report.kind}.${ext}` };
  }
}

/** The 運用状況報告書: the case figures, then the sections other features add (incidents, reviews). */
export function registerOperationsReport(registry: StandingReportRegistry): void {
  registry.register({
    kind: 'operations',
    order: 20,
    title: '個人情報の運用状況について',
    sections: async (m, period) => {
      const sections = await operationsSections(m, period);
      // One after another: the report is read in one transaction, on one connection.
      for (const extra of registry.extraOperationsSections()) sections.push(await extra.section(m, period));
      return sections;
    },
  });
}

/** A report of a period as the transaction `m` sees the records. */
export async function buildStandingReport(
  m: EntityManager,
  source: StandingReportSource,
  period: ReportPeriod,
): Promise<StandingReport> {
  return {
    kind: source.kind,
    title: source.title,
    period,
    confidentialityLevel: source.confidentialityLevel ?? 1,
    sections: await source.sections(m, period),
  };
}

/** The report item's title on the agenda: 個人情報の運用状況について（令和7年度）. */
export function standingReportItemTitle(report: StandingReport): string {
  return `${report.title}（${report.period.label}）`;
}

export function standingReportFileName(report: StandingReport, ext: 'pdf' | 'docx'): string {
  return safeDownloadName(`${report.title.replace(/について$/, '')}_${report.period.label}`, ext);
}

function choiceOf(q: {
  period: 'fiscalYear' | 'range';
  fiscalYear?: number;
  from?: string;
  to?: string;
}): PeriodChoice {
  return q.period === 'fiscalYear'
    ? { kind: 'fiscalYear', fiscalYear: q.fiscalYear as number }
    : { kind: 'range', from: q.from as string, to: q.to as string };
}

const cell = (c: ReportCell) => ({
  text: typeof c === 'number' ? c.toLocaleString('ja-JP') : c,
  num: typeof c === 'number',
});

function sectionView(s: ReportSection, number: number) {
  return {
    number,
    heading: s.heading,
    notes: s.notes,
    tables: s.tables.map((t) => ({
      caption: t.caption,
      columns: t.columns,
      rows: t.rows.map((r) => r.map(cell)),
      total: t.total?.map(cell),
      empty: t.empty ?? '該当なし',
    })),
  };
}
