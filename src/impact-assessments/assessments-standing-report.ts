import { Injectable, type OnModuleInit } from '@nestjs/common';
import { StandingReportRegistry } from '../standing-reports/standing-report.registry';
import { THRESHOLD_LEVEL_LABELS, thresholdLevel, type ThresholdLevel } from './threshold';
import { FIRST_SUBMISSIONS } from '../statistics/case-figures-sql';

/**
 * The 運用状況's lines on 特定個人情報保護評価の第三者点検: the reviews submitted in the period by the
 * level their facts require, and their findings (指摘事項) by state as they stand when the report is made.
 */
@Injectable()
export class AssessmentsStandingReport implements OnModuleInit {
  constructor(private readonly registry: StandingReportRegistry) {}

  onModuleInit(): void {
    this.registry.addOperationsSection({
      order: 20,
      section: async (m, period) => {
        const rows: {
          case_id: string;
          target_count: number;
          handler_count: number;
          serious_incident: boolean;
          open: number;
          answered: number;
          accepted: number;
        }[] = await m.query(
          `SELECT a.case_id, a.target_count, a.handler_count, a.serious_incident,
                  count(f.id) FILTER (WHERE f.state = 'open')::int AS open,
                  count(f.id) FILTER (WHERE f.state = 'answered')::int AS answered,
                  count(f.id) FILTER (WHERE f.state = 'accepted')::int AS accepted
             FROM impact_assessment a
             JOIN case_file c ON c.id = a.case_id AND c.deleted_at IS NULL
             JOIN ${FIRST_SUBMISSIONS} s
               ON s.case_id = a.case_id
             LEFT JOIN assessment_finding f ON f.case_id = a.case_id
            WHERE s.at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Tokyo'
              AND s.at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'
            GROUP BY a.case_id`,
          [period.from, period.to],
        );
        const levels = new Map<ThresholdLevel, number>();
        for (const r of rows) {
          const { level } = thresholdLevel({
            targetCount: r.target_count,
            handlerCount: r.handler_count,
            seriousIncident: r.serious_incident,
          });
          levels.set(level, (levels.get(level) ?? 0) + 1);
        }
        const sum = (k: 'open' | 'answered' | 'accepted') => rows.reduce((n, r) => n + r[k], 0);
        return {
          heading: '特定個人情報保護評価の第三者点検',
          tables: [
            {
              caption: '期間中に提出された点検の依頼',
              columns: ['しきい値判断の結果', '件数'],
              rows: [...levels.entries()].map(([level, n]) => [THRESHOLD_LEVEL_LABELS[level], n]),
              total: ['計', rows.length],
              empty: '該当なし',
            },
            {
              caption: '指摘事項（作成時点の状況）',
              columns: ['区分', '件数'],
              rows: [
                ['回答待ち', sum('open')],
                ['回答済み（確認待ち）', sum('answered')],
                ['完了', sum('accepted')],
              ],
            },
          ],
          notes: [],
        };
      },
    });
  }
}
