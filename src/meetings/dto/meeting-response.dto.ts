import { ApiProperty } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CASE_STATE_LABELS, type CaseState } from '../../workflow/case-state-machine';
import type { AdvanceQuestion } from '../advance-question.entity';
import { ADVANCE_QUESTION_STATE_LABELS } from '../advance-question-state-machine';
import {
  AGENDA_SECTION_LABELS,
  type AgendaItemCorrection,
  OUTCOME_LABELS,
  SPEAKER_ROLE_LABELS,
  VOTE_METHOD_LABELS,
  type DeliberationEntry,
} from '../agenda-item.entity';
import { meetingMachine } from '../meeting-state-machine';
import type { Meeting } from '../meeting.entity';
import type { ItemView, MeetingDetail } from '../meeting-view.service';
import { pick } from '../../common/format/pick';

export class MeetingDto {
  @ApiProperty() id: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: string;
  @ApiProperty({ nullable: true, type: String }) endsAt: string | null;
  @ApiProperty() place: string;
  @ApiProperty() state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ nullable: true, type: String }) otherNotes: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String] }) allowedActions: string[];

  static from(m: Meeting, user?: AuthUser): MeetingDto {
    return {
      id: m.id,
      number: m.number,
      title: `第${m.number}回`,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt?.toISOString() ?? null,
      place: m.place,
      state: m.state,
      stateLabel: meetingMachine.label(m.state),
      otherNotes: m.otherNotes,
      version: m.version,
      allowedActions: user ? meetingMachine.allowed(m.state, user.role) : [],
    };
  }
}

export class AttendeeDto {
  @ApiProperty() id: string;
  @ApiProperty() category: string;
  @ApiProperty({ nullable: true, type: String }) councilMemberId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ nullable: true, type: String }) agendaItemId: string | null;
  @ApiProperty() attendance: string;
  @ApiProperty() inTerm: boolean;
}

export class AgendaItemDto {
  @ApiProperty() id: string;
  @ApiProperty() section: string;
  @ApiProperty() sectionLabel: string;
  @ApiProperty() kind: string;
  @ApiProperty({ description: 'ア, イ, …' }) label: string;
  @ApiProperty() materialNumber: number;
  @ApiProperty({ nullable: true, type: String, description: '資料1, 資料2・3' }) materialLabel: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ nullable: true, type: String }) conditionId: string | null;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) caseStatusLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ nullable: true, type: String }) groupId: string | null;
  @ApiProperty() closedSession: boolean;
  @ApiProperty({ nullable: true, type: String }) explainedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) voteMethod: string | null;
  @ApiProperty({ nullable: true, type: String }) voteMethodLabel: string | null;
  @ApiProperty({ nullable: true, type: Number }) votesFor: number | null;
  @ApiProperty({ nullable: true, type: Number }) votesAgainst: number | null;
  @ApiProperty({ nullable: true, type: Number }) abstentions: number | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) outcomeLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalReason: string | null;
  @ApiProperty({ type: [String] }) supplementaryOpinions: string[];
  @ApiProperty() categorical: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    nullable: true,
    description: '類型諮問の基準（項目 → 該当する選択肢）',
  })
  categoricalCriteria: Record<string, string[]> | null;
  @ApiProperty({ type: [Object] }) documents: { id: string; title: string }[];
  @ApiProperty({ type: [Object], description: '報告事項のファイル' }) files: {
    id: string;
    title: string;
    fileName: string;
  }[];
  @ApiProperty({ nullable: true, type: String }) replyId: string | null;
  @ApiProperty({ description: '答申が発出済み（審議結果はもう訂正できない）' }) replyIssued: boolean;
  @ApiProperty() version: number;

  static from(v: ItemView): AgendaItemDto {
    const i = v.item;
    return {
      id: i.id,
      section: i.section,
      sectionLabel: AGENDA_SECTION_LABELS[i.section],
      kind: i.kind,
      ...pick(v, 'label', 'materialNumber', 'materialLabel'),
      ...pick(i, 'title', 'caseId', 'conditionId'),
      receiptNumber: v.caseInfo?.receiptNumber ?? null,
      caseStatusLabel: v.caseInfo
        ? (CASE_STATE_LABELS[v.caseInfo.status as CaseState] ?? v.caseInfo.status)
        : null,
      departmentName: v.caseInfo?.departmentName ?? null,
      ...pick(i, 'groupId', 'closedSession', 'explainedBy', 'voteMethod'),
      voteMethodLabel: i.voteMethod ? VOTE_METHOD_LABELS[i.voteMethod] : null,
      ...pick(i, 'votesFor', 'votesAgainst', 'abstentions', 'outcome'),
      outcomeLabel: i.outcome ? OUTCOME_LABELS[i.outcome] : null,
      withdrawalReason: i.withdrawalReason,
      supplementaryOpinions: v.opinions,
      categorical: i.categorical,
      categoricalCriteria: (i.categoricalCriteria as unknown as Record<string, string[]>) ?? null,
      documents: v.documents.map((d) => ({ id: d.id, title: d.title })),
      ...pick(v, 'files', 'replyId', 'replyIssued'),
      version: i.version,
    };
  }
}

export class QuorumDto {
  @ApiProperty() members: number;
  @ApiProperty() present: number;
  @ApiProperty() required: number;
  @ApiProperty() met: boolean;
  @ApiProperty() label: string;
}

export class MaterialDto {
  @ApiProperty() label: string;
  @ApiProperty({ type: [String] }) documents: string[];
}

export class MeetingDetailDto extends MeetingDto {
  @ApiProperty({ type: [AttendeeDto] }) attendees: AttendeeDto[];
  @ApiProperty({ type: QuorumDto }) quorum: QuorumDto;
  @ApiProperty({ type: [AgendaItemDto] }) consultations: AgendaItemDto[];
  @ApiProperty({ type: [AgendaItemDto] }) reports: AgendaItemDto[];
  @ApiProperty({ type: [MaterialDto] }) materials: MaterialDto[];

  static fromDetail(d: MeetingDetail, user?: AuthUser): MeetingDetailDto {
    const items = d.items.map(AgendaItemDto.from);
    return {
      ...MeetingDto.from(d.meeting, user),
      attendees: d.attendees.map((a) => ({
        ...pick(a, 'id', 'category', 'councilMemberId', 'name', 'position', 'departmentName', 'agendaItemId'),
        ...pick(a, 'attendance', 'inTerm'),
      })),
      quorum: { ...d.quorum },
      consultations: items.filter((i) => i.section === 'consultation'),
      reports: items.filter((i) => i.section === 'report'),
      materials: d.materials.map((m) => ({ label: m.label, documents: m.documents })),
    };
  }
}

export class OutcomeCorrectionDto {
  @ApiProperty() id: string;
  @ApiProperty() fromOutcome: string;
  @ApiProperty() fromOutcomeLabel: string;
  @ApiProperty() toOutcome: string;
  @ApiProperty() toOutcomeLabel: string;
  @ApiProperty({ type: [String] }) fromOpinions: string[];
  @ApiProperty({ type: [String] }) toOpinions: string[];
  @ApiProperty() reason: string;
  @ApiProperty() actorName: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: Date;

  static from(c: AgendaItemCorrection): OutcomeCorrectionDto {
    return {
      id: c.id,
      fromOutcome: c.fromOutcome,
      fromOutcomeLabel: OUTCOME_LABELS[c.fromOutcome],
      toOutcome: c.toOutcome,
      toOutcomeLabel: OUTCOME_LABELS[c.toOutcome],
      fromOpinions: c.before.supplementaryOpinions,
      toOpinions: c.after.supplementaryOpinions,
      ...pick(c, 'reason', 'actorName', 'occurredAt'),
    };
  }
}

export class DeliberationEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty() phase: string;
  @ApiProperty() speakerRole: string;
  @ApiProperty() speakerRoleLabel: string;
  @ApiProperty({ nullable: true, type: String }) speakerName: string | null;
  @ApiProperty() text: string;

  static from(
    e: Pick<DeliberationEntry, 'id' | 'position' | 'phase' | 'speakerRole' | 'speakerName' | 'text'>,
  ): DeliberationEntryDto {
    return {
      ...pick(e, 'id', 'position', 'phase', 'speakerRole'),
      speakerRoleLabel: SPEAKER_ROLE_LABELS[e.speakerRole],
      speakerName: e.speakerName,
      text: e.text,
    };
  }
}

export class AdvanceQuestionDto {
  @ApiProperty() id: string;
  @ApiProperty() agendaItemId: string;
  @ApiProperty() itemTitle: string;
  @ApiProperty() askedByName: string;
  @ApiProperty() text: string;
  @ApiProperty() state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ nullable: true, type: String }) answeredByName: string | null;
  @ApiProperty() carried: boolean;
  @ApiProperty() version: number;

  static from(q: AdvanceQuestion & { itemTitle?: string }): AdvanceQuestionDto {
    return {
      id: q.id,
      agendaItemId: q.agendaItemId,
      itemTitle: q.itemTitle ?? '',
      ...pick(q, 'askedByName', 'text', 'state'),
      stateLabel: ADVANCE_QUESTION_STATE_LABELS[q.state],
      ...pick(q, 'answer', 'answeredByName', 'carried', 'version'),
    };
  }
}
