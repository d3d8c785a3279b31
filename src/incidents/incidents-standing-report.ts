import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReportPeriod } from '../standing-reports/report-period';
import type { ReportSection, ReportTable } from '../standing-reports/standing-report';
import { StandingReportRegistry } from '../standing-reports/standing-report.registry';
import { incidentsReportView } from './incidents-report';
import { incidentsForPeriod } from './incidents.service';

/** The incidents discovered in the period, counted by 区分 (both reports open with such a table). */
const discoveredTable = (rows: [string, number][]): ReportTable => ({
  caption: '期間中に発覚した事故等',
  columns: ['区分', '件数'],
  rows,
});

/** 「個人情報事故等の状況」 as a standing report, and the incidents' lines of the 運用状況. */
async function incidentSections(m: EntityManager, period: ReportPeriod): Promise<ReportSection[]> {
  const figures = await incidentsForPeriod(m, period.from, period.to);
  const view = incidentsReportView(figures, '', period.label);
  return [
    {
      heading: '事故等の件数',
      tables: [
        discoveredTable([
          ['事故等の件数', figures.total],
          ...figures.byKind.map((k): [string, number] => [`うち${k.label}`, k.count]),
          ['個人情報保護委員会への報告義務があるもの', figures.reportable],
          ['個人情報保護委員会に報告したもの', figures.reportedToCommission],
        ]),
      ],
      notes: [`本人の数（判明分の合計）: ${view.personsLabel}`],
    },
    {
      heading: '担当課別の件数',
      tables: [
        {
          caption: '担当課別の件数',
          columns: ['担当課', '件数'],
          rows: figures.byDepartment.map((d) => [d.label, d.count]),
          empty: '該当なし',
        },
      ],
      notes: [],
    },
    {
      heading: '事故等の一覧',
      tables: [
        {
          caption: '事故等の一覧',
          columns: [
            '番号',
            '発覚日',
            '担当課',
            '件名・種類',
            '本人の数',
            '委員会への報告',
            '本人通知',
            '状況',
          ],
          rows: view.incidents.map((i) => [
            i.number,
            i.discoveredLabel,
            i.departmentName,
            `${i.title}（${i.kindLabel}）`,
            i.personsLabel,
            i.reportLabel,
            i.noticeLabel,
            i.stateLabel,
          ]),
          empty: 'この期間に発覚した事故等はありません',
        },
      ],
      notes: [],
    },
  ];
}

@Injectable()
export class IncidentsStandingReport implements OnModuleInit {
  constructor(private readonly registry: StandingReportRegistry) {}

  onModuleInit(): void {
    this.registry.register({
      kind: 'incidents',
      order: 30,
      title: '個人情報事故等の状況について',
      confidentialityLevel: 2,
      sections: incidentSections,
    });
    this.registry.addOperationsSection({
      order: 10,
      section: async (m, period) => {
        const f = await incidentsForPeriod(m, period.from, period.to);
        return {
          heading: '個人情報事故等',
          tables: [
            discoveredTable([
              ['事故等の件数', f.total],
              ['うち個人情報保護委員会への報告義務があるもの', f.reportable],
              ['うち個人情報保護委員会に報告したもの', f.reportedToCommission],
            ]),
          ],
          notes: ['詳細は「個人情報事故等の状況について」のとおりです。'],
        };
      },
    });
  }
}
