import { formatWareki } from '../common/format/wareki';
import { formatReplyNumber } from '../workflow/numbering';
import type { Reply, ReplyOutcome } from './reply.entity';

export const REPLY_CONCLUSIONS: Record<ReplyOutcome, string> = {
  approved: '承認する。',
  approvedWithOpinion: '付帯意見を付して承認する。',
  rejected: '承認しない。',
};

/** The head of a paper answering a case (答申書, or the 点検結果 in its place): date, parties, case. */
export interface AnswerHeading {
  dateLabel: string;
  addressee: string;
  sender: string;
  title: string;
  lead: string;
  caseTitle: string;
  receiptNumber: string | null;
}

/** What a 答申書 template needs, in printing order. Plain data: no HTML, no PDF. */
export interface ReplyDocument extends AnswerHeading {
  numberLabel: string | null;
  conclusion: string;
  supplementaryOpinions: string[];
  standardConditions: string[];
  draft: boolean;
  confidentialityLevel: number;
}

export function buildReplyDocument(
  reply: Reply,
  c: { title: string; receiptNumber: string | null; confidentialityLevel: number },
): ReplyDocument {
  return {
    numberLabel: reply.number ? formatReplyNumber(reply.number) : null,
    dateLabel: formatWareki(reply.replyDate),
    addressee: reply.addressee,
    sender: reply.sender,
    title: reply.title,
    lead: reply.body,
    caseTitle: c.title,
    receiptNumber: c.receiptNumber,
    conclusion: REPLY_CONCLUSIONS[reply.outcome],
    supplementaryOpinions: reply.supplementaryOpinions,
    standardConditions: reply.standardConditions,
    draft: reply.state !== 'issued',
    confidentialityLevel: c.confidentialityLevel,
  };
}
