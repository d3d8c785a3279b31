import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegisterStandingReport } from '../file-register/register-standing-report';
import { AssessmentsStandingReport } from '../impact-assessments/assessments-standing-report';
import { IncidentsStandingReport } from '../incidents/incidents-standing-report';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { AgendaItemFile } from '../meetings/agenda-item-file.entity';
import { numberAgenda } from '../meetings/agenda-numbering';
import { Meeting } from '../meetings/meeting.entity';
import { fiscalYearPeriod } from '../standing-reports/report-period';
import type { StandingReport } from '../standing-reports/standing-report';
import { StandingReportRegistry } from '../standing-reports/standing-report.registry';
import {
  buildStandingReport,
  registerOperationsReport,
  standingReportFileName,
  standingReportItemTitle,
} from '../standing-reports/standing-reports.service';
import type { SeedStep } from './sample-data';
import { sampleReportPdfPages, type SampleReportContent } from './sample-report-pdf';

interface StandingReportsSeed {
  /** The meeting (第N回) whose 報告事項 they become. */
  meeting: number;
  /** The fiscal year they cover (2025 = 令和7年度). */
  fiscalYear: number;
  explainedBy: string;
}

/** Every kind of standing report, registered as the features register theirs when the app starts. */
function registry(): StandingReportRegistry {
  const r = new StandingReportRegistry();
  new RegisterStandingReport(r).onModuleInit();
  new IncidentsStandingReport(r).onModuleInit();
  new AssessmentsStandingReport(r).onModuleInit();
  registerOperationsReport(r);
  return r;
}

/**
 * The standing reports (登録状況, 運用状況, 事故等の状況) of a fiscal year, made from the sample
 * council's records by the same report sources as the one-step generation, put on a meeting's
 * agenda as its 報告事項 with the same titles; with a data folder, each with its PDF as the item's
 * material (pdf-lib: the app's Chromium is not running while the sample data loads).
 */
export function standingReportsFrom(file: string): SeedStep {
  return {
    name: `standing-reports:${file}`,
    run: async ({ manager: m, readJson, dataDir }) => {
      const seed = readJson<StandingReportsSeed>(file);
      const meeting = await m.findOneByOrFail(Meeting, { number: seed.meeting });
      const period = fiscalYearPeriod(seed.fiscalYear);
      const items = await m.find(AgendaItem, { where: { meetingId: meeting.id } });
      let position = Math.max(0, ...items.filter((i) => i.section === 'report').map((i) => i.position));
      const held = meeting.state === 'held' || meeting.state === 'closed';
      for (const source of registry().all()) {
        const report = await buildStandingReport(m, source, period);
        const title = standingReportItemTitle(report);
        const item = await m.save(
          m.create(AgendaItem, {
            meetingId: meeting.id,
            section: 'report',
            kind: 'secretariatReport',
            position: ++position,
            title,
            explainedBy: seed.explainedBy,
            outcome: held ? 'noted' : null,
            decidedAt: held ? (meeting.endsAt ?? meeting.startsAt) : null,
            decidedById: held ? meeting.createdById : null,
          }),
        );
        items.push(item);
        if (!dataDir) continue;
        const pdf = await sampleReportPdfPages(pages(report));
        const storageKey = `${randomUUID()}.pdf`;
        await mkdir(join(dataDir, 'attachments'), { recursive: true });
        await writeFile(join(dataDir, 'attachments', storageKey), pdf, { mode: 0o600, flag: 'wx' });
        await m.insert(AgendaItemFile, {
          agendaItemId: item.id,
          title,
          fileName: standingReportFileName(report, 'pdf'),
          mediaType: 'application/pdf',
          sizeBytes: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          storageKey,
          createdById: meeting.createdById,
        });
      }
      if (meeting.state !== 'planned')
        for (const [id, n] of numberAgenda(items))
          await m.update(AgendaItem, { id }, { numberLabel: n.label, materialNumber: n.materialNumber });
    },
  };
}

const text = (c: string | number) => (typeof c === 'number' ? c.toLocaleString('ja-JP') : c);

/** One page per table of the report, its section heading and notes above it. */
function pages(report: StandingReport): SampleReportContent[] {
  return report.sections.flatMap((s, i) =>
    s.tables.map((t, j) => ({
      title: i === 0 && j === 0 ? report.title : `${i + 1} ${s.heading}`,
      lines: [
        ...(i === 0 && j === 0 ? [`対象期間: ${report.period.label}`, `${i + 1} ${s.heading}`] : []),
        t.caption,
        ...(j === 0 ? s.notes : []),
      ],
      table: {
        header: [...t.columns],
        rows: t.rows.length
          ? [...t.rows.map((r) => r.map(text)), ...(t.total ? [t.total.map(text)] : [])]
          : [[t.empty ?? '該当なし', ...t.columns.slice(1).map(() => '')]],
      },
    })),
  );
}
