import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatWareki } from '../common/format/wareki';
import type { ReportPeriod } from '../standing-reports/report-period';
import type { ReportSection } from '../standing-reports/standing-report';
import { StandingReportRegistry } from '../standing-reports/standing-report.registry';
import { CHANGE_LABELS } from './dto/register.dto';
import { registerChanges } from './register-queries';
import {
  ENTRY_STATUS_LABELS,
  ENTRY_STATUSES,
  REGISTER_KIND_LABELS,
  REGISTER_KINDS,
  type EntryStatus,
  type RegisterKind,
} from './register-fields';

/**
 * 「個人情報ファイル簿等の登録状況」: how many entries stood in each state at the end of the period
 * (each entry as its last change before then left it), and every change made in the period with
 * the case that caused it.
 */
async function registerSections(m: EntityManager, period: ReportPeriod): Promise<ReportSection[]> {
  const counts: { kind: RegisterKind; status: EntryStatus; n: number }[] = await m.query(
    `SELECT e.kind, last.status, count(*)::int AS n
       FROM register_entry e
       JOIN LATERAL (SELECT v.status FROM register_entry_version v
                      WHERE v.entry_id = e.id
                        AND v.changed_at < ($1::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'
                      ORDER BY v.changed_at DESC, v.revision DESC LIMIT 1) last ON true
      GROUP BY 1, 2`,
    [period.to],
  );
  const n = (kind: RegisterKind, status: EntryStatus) =>
    counts.find((c) => c.kind === kind && c.status === status)?.n ?? 0;
  const kinds = REGISTER_KINDS.filter((k) => k === 'file' || ENTRY_STATUSES.some((s) => n(k, s) > 0));
  const changes = await registerChanges(m, period.from, period.to);
  const tally = (Object.keys(CHANGE_LABELS) as (keyof typeof CHANGE_LABELS)[])
    .map((c) => ({ label: CHANGE_LABELS[c], n: changes.filter((x) => x.change === c).length }))
    .filter((c) => c.n > 0)
    .map((c) => `${c.label}${c.n}件`);
  return [
    {
      heading: '登録件数',
      tables: [
        {
          caption: `${formatWareki(period.to)}現在の登録件数`,
          columns: ['区分', ...ENTRY_STATUSES.map((s) => ENTRY_STATUS_LABELS[s]), '計'],
          rows: kinds.map((k) => [
            REGISTER_KIND_LABELS[k],
            ...ENTRY_STATUSES.map((s) => n(k, s)),
            ENTRY_STATUSES.reduce((sum, s) => sum + n(k, s), 0),
          ]),
        },
      ],
      notes: ['法第75条第2項により公表しないもの（本人の数が千人に満たないもの等）を含みます。'],
    },
    {
      heading: '期間中の登録・変更',
      tables: [
        {
          caption: '期間中の登録・変更',
          columns: ['日付', '担当課', '名称', '内容', '契機となった事案'],
          rows: changes.map((c) => [
            formatWareki(c.changedAt),
            c.departmentName,
            c.entryName,
            CHANGE_LABELS[c.change],
            c.caseTitle ? `${c.receiptNumber ? `${c.receiptNumber} ` : ''}${c.caseTitle}` : '―',
          ]),
          empty: '該当なし',
        },
      ],
      notes: changes.length ? [`期間中の登録・変更は${changes.length}件（${tally.join('、')}）です。`] : [],
    },
  ];
}

@Injectable()
export class RegisterStandingReport implements OnModuleInit {
  constructor(private readonly registry: StandingReportRegistry) {}

  onModuleInit(): void {
    this.registry.register({
      kind: 'registerStatus',
      order: 10,
      title: '個人情報ファイル簿等の登録状況について',
      sections: registerSections,
    });
  }
}
