import type { PrintableDocument } from '../../src/documents/renderer/pdf-renderer';
import { agendaPaper, materialsPaper } from '../../src/documents/papers/meeting-packet';
import type { DocumentTemplates } from '../../src/documents/templates/document-templates';
import { formatWareki } from '../../src/common/format/wareki';
import { buildMinutesDocument } from '../../src/minutes/minutes-document';
import type { Minutes } from '../../src/minutes/minutes.entity';
import { buildReplyDocument, REPLY_CONCLUSIONS } from '../../src/replies/reply-document';
import { Reply } from '../../src/replies/reply.entity';
import { rooftopGreeningCase, samplePacket } from '../integration/documents/fixtures';

const COUNCIL = '新宿区情報公開・個人情報保護審議会';

/** One paper built from fixed sample data (no "today" anywhere), as the papers service builds it. */
export interface SamplePaper {
  readonly name: 'case-document' | 'agenda' | 'materials' | 'reply' | 'notice' | 'minutes';
  readonly document: PrintableDocument;
  /** Text printed on every page besides the body: the 機密性 label and a draft watermark. */
  readonly pageMarks: readonly string[];
}

function sampleReply(): Reply {
  return Object.assign(new Reply(), {
    number: 41,
    replyDate: '2026-11-20',
    addressee: '新宿区長',
    sender: COUNCIL,
    title: '個人情報の取扱いについて（答申）',
    body: '',
    outcome: 'approvedWithOpinion',
    supplementaryOpinions: [
      '申込者への利用目的の明示を徹底すること。',
      '委託先の監督状況を年1回報告すること。',
    ],
    standardConditions: ['事業内容に変更がある場合は、改めて審議会に諮問すること。'],
    state: 'draft',
    conditionDueDate: '2027-03-31',
  });
}

/** The six papers with PDF (and Word) downloads, from the same fixed data every run. */
export function samplePapers(templates: DocumentTemplates): SamplePaper[] {
  const caseView = rooftopGreeningCase();
  const { agenda } = samplePacket(['屋上緑化見本園見学申込の電子化', '保育園入園申請の外部委託']);
  const caseFile = { title: caseView.title, receiptNumber: 'R8-0123', confidentialityLevel: 2 };
  const reply = buildReplyDocument(sampleReply(), caseFile);
  const replyMeta = { confidentialityLevel: 2 as const, draftMark: '案' as const, councilName: COUNCIL };
  const notice = {
    dateLabel: formatWareki('2026-11-24'),
    addressee: '環境土木部道とみどりの課長',
    sender: `${COUNCIL}事務局`,
    title: `「${caseFile.title}」の答申について（通知）`,
    lead: `${formatWareki('2026-11-20')}付けで、${COUNCIL}から下記のとおり答申がありましたので通知します。`,
    caseTitle: caseFile.title,
    receiptNumber: caseFile.receiptNumber,
    replyNumberLabel: reply.numberLabel,
    replyDateLabel: formatWareki('2026-11-20'),
    conclusion: REPLY_CONCLUSIONS.approvedWithOpinion,
    supplementaryOpinions: reply.supplementaryOpinions,
    conditionDueLabel: formatWareki('2027-03-31'),
  };
  const minutes = buildMinutesDocument(
    {
      state: 'confirmed',
      publicLines: null,
      lines: [
        { kind: 'heading', speakerRole: null, text: `第213回${COUNCIL}会議録` },
        { kind: 'section', speakerRole: null, text: '1　開会' },
        { kind: 'speech', speakerRole: '会長', text: 'ただいまから第213回審議会を開会します。' },
        { kind: 'section', speakerRole: null, text: '2　議事' },
        {
          kind: 'speech',
          speakerRole: '事務局',
          text: '資料1に基づき、屋上緑化見本園見学申込の電子化について説明します。',
        },
        { kind: 'speech', speakerRole: '委員', text: '申込者の電話番号は必須項目とする必要がありますか。' },
        { kind: 'stage', speakerRole: null, text: '（担当課退席）' },
        {
          kind: 'vote',
          speakerRole: null,
          text: '採決の結果、全員一致で付帯意見を付して承認することに決定した。',
        },
      ],
    } as unknown as Pick<Minutes, 'state' | 'lines' | 'publicLines'>,
    'confirmed',
    COUNCIL,
  );
  return [
    { name: 'case-document', document: templates.caseDocument(caseView), pageMarks: ['機密性2'] },
    { name: 'agenda', document: agendaPaper(templates, agenda), pageMarks: ['機密性2'] },
    { name: 'materials', document: materialsPaper(templates, agenda), pageMarks: ['機密性2'] },
    {
      name: 'reply',
      document: templates.document(
        'reply',
        { ...reply, lead: '下記の件について、次のとおり答申します。' },
        replyMeta,
        reply.title,
      ),
      pageMarks: ['機密性2', '案'],
    },
    {
      name: 'notice',
      document: templates.document('notice', notice, { ...replyMeta, draftMark: null }, notice.title),
      pageMarks: ['機密性2'],
    },
    {
      name: 'minutes',
      document: templates.document(
        'minutes',
        minutes as unknown as Record<string, unknown>,
        minutes.meta,
        minutes.title,
      ),
      pageMarks: ['機密性2'],
    },
  ];
}
