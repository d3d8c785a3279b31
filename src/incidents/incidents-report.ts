import { formatWareki } from '../common/format/wareki';
import { todayInJapan } from '../common/format/today';
import type { DocumentMeta } from '../documents/case-document.view';
import type { PrintableDocument } from '../documents/renderer/pdf-renderer';
import type { DocumentTemplates } from '../documents/templates/document-templates';
import { INCIDENT_KIND_LABELS } from './incident.entity';
import { INCIDENT_STATE_LABELS } from './incident-state-machine';
import type { IncidentFigures } from './incidents.service';
import { personsLabel } from './dto/incident.dto';

/** What templates/documents/incidents-report.hbs prints: 「個人情報事故等の状況」 for a period. */
export function incidentsReportView(
  figures: IncidentFigures,
  councilName: string,
  periodLabel: string,
  today = todayInJapan(),
) {
  return {
    councilName,
    periodLabel,
    dateLabel: formatWareki(today),
    total: figures.total,
    byKind: figures.byKind,
    byDepartment: figures.byDepartment,
    reportable: figures.reportable,
    reportedToCommission: figures.reportedToCommission,
    personsLabel:
      `${figures.personsAffected.toLocaleString('ja-JP')}人` +
      (figures.personsUnknown ? `（ほかに本人の数が不明のもの ${figures.personsUnknown}件）` : ''),
    incidents: figures.incidents.map(({ incident: i, duty }, n) => ({
      number: n + 1,
      discoveredLabel: formatWareki(i.discoveredOn),
      departmentName: i.departmentName,
      title: i.title,
      kindLabel: INCIDENT_KIND_LABELS[i.kind],
      personsLabel: personsLabel(i.personsAffected, i.personsApproximate),
      reportLabel: !duty.required
        ? '報告義務なし'
        : [
            i.preliminaryReportedOn ? `速報 ${formatWareki(i.preliminaryReportedOn)}` : '速報 未了',
            i.finalReportedOn
              ? `確報 ${formatWareki(i.finalReportedOn)}`
              : `確報 未了（期限 ${duty.final?.due.label ?? ''}）`,
          ].join('、'),
      noticeLabel: i.notifiedOn ? formatWareki(i.notifiedOn) : '未実施',
      stateLabel: INCIDENT_STATE_LABELS[i.state],
    })),
  };
}

export function incidentsReportPaper(
  templates: DocumentTemplates,
  view: ReturnType<typeof incidentsReportView>,
): PrintableDocument {
  const meta: DocumentMeta = { confidentialityLevel: 2, draftMark: null, councilName: view.councilName };
  return templates.document('incidents-report', view, meta, `${view.periodLabel}　個人情報事故等の状況`);
}
