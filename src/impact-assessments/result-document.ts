import { formatWareki } from '../common/format/wareki';
import { FINDING_STATE_LABELS } from './finding-state-machine';
import { CHECK_RESULT_LABELS } from './impact-assessment.entity';
import type { AssessmentDetail } from './impact-assessments.service';
import type { AnswerHeading } from '../replies/reply-document';

/** What the 点検結果 template prints, in order. Plain data: no HTML, no PDF. */
export interface ResultDocument extends AnswerHeading {
  facts: { label: string; value: string }[];
  sections: { section: string; items: { label: string; result: string; comment: string }[] }[];
  findings: { text: string; state: string; answer: string | null; decisionComment: string | null }[];
  conclusion: string;
  draft: boolean;
}

const people = (n: number) => `${n.toLocaleString('ja-JP')}人`;

export function buildResultDocument(d: AssessmentDetail, councilName: string, today: string): ResultDocument {
  const a = d.row;
  const sections: ResultDocument['sections'] = [];
  for (const item of d.checklist) {
    let s = sections.at(-1);
    if (!s || s.section !== item.section) sections.push((s = { section: item.section, items: [] }));
    s.items.push({
      label: item.label,
      result: item.result ? CHECK_RESULT_LABELS[item.result] : '未点検',
      comment: item.comment,
    });
  }
  const open = d.findings.filter((f) => f.state !== 'accepted').length;
  const unchecked = d.checklist.filter((i) => !i.result).length;
  const defaultConclusion =
    d.findings.length === 0
      ? '評価書に記載された特定個人情報ファイルの取扱いについて、特段の指摘事項はない。'
      : open === 0
        ? '指摘事項に対する担当課の対応を確認し、評価書に記載された特定個人情報ファイルの取扱いは適切であると認める。'
        : `指摘事項 ${d.findings.length} 件のうち ${open} 件について、担当課の対応を引き続き確認する。`;
  return {
    dateLabel: formatWareki(today),
    addressee: `${a.departmentName}長`,
    sender: councilName,
    title: '特定個人情報保護評価書の第三者点検の結果について',
    lead: `${a.affairName}に係る特定個人情報保護評価書について、特定個人情報保護評価に関する規則第7条第4項の規定による第三者点検を行ったので、その結果を次のとおり通知します。`,
    caseTitle: a.title,
    receiptNumber: a.receiptNumber,
    facts: [
      { label: '評価の対象となる事務', value: a.affairName },
      { label: '特定個人情報ファイル', value: a.fileName },
      { label: '評価実施日', value: formatWareki(a.evaluatedOn) },
      { label: '対象人数', value: people(a.targetCount) },
      { label: '取扱者数', value: people(a.handlerCount) },
      { label: '過去1年以内の重大事故', value: a.seriousIncident ? 'あり' : 'なし' },
      { label: 'しきい値判断の結果', value: `${d.threshold.label}（${d.threshold.reason}）` },
    ],
    sections,
    findings: d.findings.map((f) => ({
      text: f.text,
      state: FINDING_STATE_LABELS[f.state],
      answer: f.answer,
      decisionComment: f.decisionComment,
    })),
    conclusion: a.conclusion.trim() || defaultConclusion,
    // Unchecked items or unanswered findings: the paper is still a draft (「案」).
    draft: unchecked > 0 || open > 0,
  };
}
