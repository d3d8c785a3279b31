import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CaseFile } from '../cases/case-file.entity';
import { indexCaseSearch } from '../cases/case-search-index';
import { CaseCondition, ConditionReport, ConditionTransition } from '../conditions/condition.entity';
import { CouncilMember, memberSortOrder, type MemberTitle } from '../council/council-member.entity';
import { Department } from '../departments/department.entity';
import {
  AgendaItem,
  AgendaMaterialDocument,
  DeliberationEntry,
  SupplementaryOpinion,
  type CategoricalCriteria,
  type EntryPhase,
  type Outcome,
  type SpeakerRole,
  type VoteMethod,
} from '../meetings/agenda-item.entity';
import { AgendaItemFile } from '../meetings/agenda-item-file.entity';
import { numberAgenda } from '../meetings/agenda-numbering';
import { MeetingAttendee } from '../meetings/meeting-attendee.entity';
import type { MeetingState } from '../meetings/meeting-state-machine';
import { Meeting } from '../meetings/meeting.entity';
import { REPLY_CONCLUSIONS } from '../replies/reply-document';
import { Reply, ReplyRevision, StandardCondition, type ReplyOutcome } from '../replies/reply.entity';
import type { Role } from '../users/role';
import { insertUser } from '../users/user-factory';
import { hashPassword } from '../auth/auth.service';
import { User } from '../users/user.entity';
import { insertCaseTransition } from '../workflow/case-transition.entity';
import type { CaseAction, CaseState } from '../workflow/case-state-machine';
import { fiscalYearOf, formatReceiptNumber } from '../workflow/numbering';
import { formatWareki } from '../common/format/wareki';
import type { SeedContext, SeedStep } from './sample-data';
import { sampleReportPdf, type SampleReportContent } from './sample-report-pdf';

interface SeedItem {
  key: string;
  section: 'consultation' | 'report';
  title?: string;
  group?: string;
  case?: {
    title: string;
    department: string;
    submittedAt: string;
    acceptedAt: string;
    /** 事後諮問: the reason the consultation came after the work began. */
    retroactiveReason?: string;
  };
  explainedBy?: string;
  explainers?: { name: string; position: string; department: string }[];
  documents: string[];
  /** Files of a report item (報告事項), printed as PDF pages under the item's 資料N in the packet. */
  files?: { title: string; fileName: string; content: SampleReportContent }[];
  entries?: [EntryPhase, SpeakerRole, string | null, string][];
  outcome?: Outcome;
  voteMethod?: VoteMethod;
  opinions?: string[];
  withdrawalReason?: string;
  categorical?: CategoricalCriteria;
  reply?: { date: string; conditionDueDate?: string };
  condition?: { report: string; reportedAt: string; closingComment: string; closedAt: string };
}

/** A council member as the seed files list them. */
export interface SeedCouncilMember {
  name: string;
  title: MemberTitle;
  affiliation: string;
  termStart: string;
  termEnd: string;
}

interface CouncilWorkflowSeed {
  departments: { code: string; name: string; division: string; isSecretariat: boolean }[];
  users: { username: string; displayName: string; role: Role; department: string; password: string }[];
  councilMembers: SeedCouncilMember[];
  standardConditions: string[];
  /** Addressee and sender of the replayed meeting's 答申 (that council's, not the sample council's). */
  replyParties: { addressee: string; sender: string };
  meetings: {
    number: number;
    startsAt: string;
    endsAt: string | null;
    place: string;
    state: MeetingState;
    otherNotes: string | null;
    secretariat: { name: string; position: string }[];
    items: SeedItem[];
  }[];
}

const addMinutes = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000);

/**
 * The Odawara council's 70th meeting as recorded in its minutes (outcomes, attendees, materials,
 * the gist of the Q&A in our words), and an upcoming meeting with the Shinjuku cases.
 */
export const councilWorkflowSeed: SeedStep = {
  ...councilWorkflowFrom('council-workflow.json'),
  name: 'council-workflow',
};

/**
 * A council's meetings as recorded in a seed file (same shape as council-workflow.json): its cases
 * taken through intake, deliberation and 答申, its replies issued and the numbers they drew.
 */
export function councilWorkflowFrom(file: string): SeedStep {
  return { name: `council-workflow:${file}`, run: (ctx) => replayCouncilWorkflow(ctx, file) };
}

async function replayCouncilWorkflow({ manager: m, readJson, dataDir }: SeedContext, file: string) {
  const seed = readJson<CouncilWorkflowSeed>(file);
  for (const d of seed.departments) await m.save(m.create(Department, d));
  const departments = new Map((await m.find(Department)).map((d) => [d.code, d]));
  const hashes = await Promise.all(seed.users.map((u) => hashPassword(u.password)));
  for (const [i, u] of seed.users.entries())
    await insertUser(m, {
      passwordHash: hashes[i],
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      departmentId: departments.get(u.department)?.id ?? null,
      password: u.password,
      mustChangePassword: true,
    });
  const users = await m.find(User);
  const secretariat = users.find((u) => u.role === 'secretariat');
  if (!secretariat) throw new Error('council-workflow seed needs the foundation secretariat user');
  const clerkOf = (departmentId: string) =>
    users.find((u) => u.role === 'clerk' && u.departmentId === departmentId);
  // The seed lists the members in 名簿順.
  for (const [i, c] of seed.councilMembers.entries())
    await m.save(m.create(CouncilMember, { rosterOrder: i + 1, ...c, userId: null }));
  for (const [i, text] of seed.standardConditions.entries())
    await m.insert(StandardCondition, { position: i + 1, text });
  const standard = seed.standardConditions;
  const receipts = new Map<number, number>();
  const replies = new Map<number, number>();

  const move = async (
    caseId: string,
    action: CaseAction,
    from: CaseState,
    to: CaseState,
    actor: User,
    at: Date,
    comment: string | null = null,
  ) => insertCaseTransition(m, { caseId, action, from, to, actor, comment, at });

  for (const mt of seed.meetings) {
    const meeting = await m.save(
      m.create(Meeting, {
        number: mt.number,
        startsAt: new Date(mt.startsAt),
        endsAt: mt.endsAt ? new Date(mt.endsAt) : null,
        place: mt.place,
        state: mt.state,
        otherNotes: mt.otherNotes,
        convenedAt: mt.state === 'planned' ? null : addMinutes(mt.startsAt, -14 * 24 * 60),
        heldAt: ['held', 'closed'].includes(mt.state) ? new Date(mt.startsAt) : null,
        closedAt: mt.state === 'closed' ? new Date(mt.endsAt ?? mt.startsAt) : null,
        createdById: secretariat.id,
      }),
    );
    const day = mt.startsAt.slice(0, 10);
    const held = mt.state === 'held' || mt.state === 'closed';
    const members = await m
      .getRepository(CouncilMember)
      .createQueryBuilder('c')
      .where('c.termStart <= :day AND c.termEnd >= :day', { day })
      .orderBy('c.rosterOrder', 'ASC')
      .getMany();
    for (const cm of members)
      await m.insert(MeetingAttendee, {
        meetingId: meeting.id,
        category: 'member',
        councilMemberId: cm.id,
        userId: cm.userId,
        name: cm.name,
        attendance: held ? 'present' : 'expected',
        sortOrder: memberSortOrder(cm),
      });
    for (const [i, s] of mt.secretariat.entries())
      await m.insert(MeetingAttendee, {
        meetingId: meeting.id,
        category: 'secretariat',
        name: s.name,
        position: s.position,
        attendance: 'present',
        sortOrder: i,
      });

    const groups = new Map<string, string>();
    const positions = { consultation: 0, report: 0 };
    const created: { item: AgendaItem; seed: SeedItem; caseFile: CaseFile | null }[] = [];
    for (const it of mt.items) {
      let caseFile: CaseFile | null = null;
      if (it.case) {
        const dept = departments.get(it.case.department);
        const clerk = dept ? clerkOf(dept.id) : undefined;
        if (!dept || !clerk) throw new Error(`seed: no department/clerk for ${it.case.department}`);
        const fy = fiscalYearOf(it.case.acceptedAt);
        const seq = (receipts.get(fy) ?? 0) + 1;
        receipts.set(fy, seq);
        // A case the case-file sample data already drafted (the Shinjuku cases) goes on the agenda as
        // it is; the Odawara cases exist only as far as the meeting record needs them.
        const drafted = await m.findOne(CaseFile, { where: { title: it.case.title, status: 'draft' } });
        if (drafted) {
          await m.update(
            CaseFile,
            { id: drafted.id },
            { status: 'scheduled', receiptNumber: formatReceiptNumber(fy, seq) },
          );
          caseFile = await m.findOneOrFail(CaseFile, { where: { id: drafted.id } });
        } else {
          caseFile = await m.save(
            m.create(CaseFile, {
              departmentId: dept.id,
              title: it.case.title,
              procedure: it.section,
              status: 'scheduled',
              receiptNumber: formatReceiptNumber(fy, seq),
              retroactive: Boolean(it.case.retroactiveReason),
              retroactiveReason: it.case.retroactiveReason ?? '',
              createdById: clerk.id,
            }),
          );
        }
        // Searchable like every case a clerk writes.
        await indexCaseSearch(m, caseFile.id);
        await move(caseFile.id, 'submit', 'draft', 'submitted', clerk, new Date(it.case.submittedAt));
        await move(caseFile.id, 'accept', 'submitted', 'accepted', secretariat, new Date(it.case.acceptedAt));
        await move(
          caseFile.id,
          'schedule',
          'accepted',
          'scheduled',
          secretariat,
          addMinutes(it.case.acceptedAt, 60),
          `第${mt.number}回会議の議題に追加`,
        );
      }
      let groupId: string | null = null;
      if (it.group) {
        groupId = groups.get(it.group) ?? randomUUID();
        groups.set(it.group, groupId);
      }
      const item = await m.save(
        m.create(AgendaItem, {
          meetingId: meeting.id,
          section: it.section,
          kind: caseFile ? 'case' : 'secretariatReport',
          position: ++positions[it.section],
          caseId: caseFile?.id ?? null,
          title: caseFile?.title ?? it.title ?? '',
          groupId,
          explainedBy: it.explainedBy ?? null,
          categorical: Boolean(it.categorical),
          categoricalCriteria: it.categorical ?? null,
        }),
      );
      for (const [i, title] of it.documents.entries())
        await m.insert(AgendaMaterialDocument, { agendaItemId: item.id, position: i + 1, title });
      if (dataDir)
        for (const f of it.files ?? []) {
          const pdf = await sampleReportPdf(f.content);
          const storageKey = `${randomUUID()}.pdf`;
          const folder = join(dataDir, 'attachments');
          await mkdir(folder, { recursive: true });
          await writeFile(join(folder, storageKey), pdf, { mode: 0o600, flag: 'wx' });
          await m.insert(AgendaItemFile, {
            agendaItemId: item.id,
            title: f.title,
            fileName: f.fileName,
            mediaType: 'application/pdf',
            sizeBytes: pdf.length,
            sha256: createHash('sha256').update(pdf).digest('hex'),
            storageKey,
            createdById: secretariat.id,
          });
        }
      for (const [i, e] of (it.explainers ?? []).entries())
        await m.insert(MeetingAttendee, {
          meetingId: meeting.id,
          category: 'explainer',
          name: e.name,
          position: e.position,
          departmentId: departments.get(e.department)?.id ?? null,
          agendaItemId: item.id,
          attendance: 'present',
          sortOrder: i,
        });
      created.push({ item, seed: it, caseFile });
    }
    if (mt.state !== 'planned') {
      for (const [id, n] of numberAgenda(created.map((c) => c.item)))
        await m.update(AgendaItem, { id }, { numberLabel: n.label, materialNumber: n.materialNumber });
    }
    if (!held) continue;

    const decidedAt = new Date(mt.endsAt ?? mt.startsAt);
    for (const { item, seed: it, caseFile } of created) {
      for (const [i, [phase, role, name, text]] of (it.entries ?? []).entries())
        await m.insert(DeliberationEntry, {
          agendaItemId: item.id,
          position: i + 1,
          phase,
          speakerRole: role,
          speakerName: name,
          text,
          createdById: secretariat.id,
        });
      for (const [i, text] of (it.opinions ?? []).entries())
        await m.insert(SupplementaryOpinion, { agendaItemId: item.id, position: i + 1, text });
      if (!it.outcome) continue;
      await m.update(
        AgendaItem,
        { id: item.id },
        {
          outcome: it.outcome,
          voteMethod: it.voteMethod ?? null,
          withdrawalReason: it.withdrawalReason ?? null,
          decidedAt,
          decidedById: secretariat.id,
        },
      );
      if (!caseFile) continue;
      if (it.outcome === 'withdrawn') {
        await m.update(CaseFile, { id: caseFile.id }, { status: 'withdrawn' });
        await move(
          caseFile.id,
          'recordWithdrawal',
          'scheduled',
          'withdrawn',
          secretariat,
          decidedAt,
          it.withdrawalReason ?? null,
        );
        continue;
      }
      await move(
        caseFile.id,
        'decide',
        'scheduled',
        'decided',
        secretariat,
        decidedAt,
        `第${mt.number}回会議: 審議結果を記録`,
      );
      let status: CaseState = 'decided';
      if (it.reply && ['approved', 'approvedWithOpinion', 'rejected'].includes(it.outcome)) {
        const fy = fiscalYearOf(it.reply.date);
        const number = (replies.get(fy) ?? 0) + 1;
        replies.set(fy, number);
        const issuedAt = new Date(`${it.reply.date}T10:00:00+09:00`);
        const reply = await m.save(
          m.create(Reply, {
            agendaItemId: item.id,
            caseId: caseFile.id,
            state: 'issued',
            fiscalYear: fy,
            number,
            replyDate: it.reply.date,
            addressee: seed.replyParties.addressee,
            sender: seed.replyParties.sender,
            title: `${caseFile.title}について（答申）`,
            outcome: it.outcome as ReplyOutcome,
            body: `${formatWareki(day)}に開催した第${mt.number}回審議会において審議した「${caseFile.title}」（受付番号 ${caseFile.receiptNumber}）について、下記のとおり答申します。`,
            standardConditions: standard,
            supplementaryOpinions: it.opinions ?? [],
            conditionDueDate: it.reply.conditionDueDate ?? null,
            issuedAt,
            issuedById: secretariat.id,
          }),
        );
        const content = {
          conclusion: REPLY_CONCLUSIONS[reply.outcome],
          number,
          fiscalYear: fy,
          replyDate: reply.replyDate,
        };
        await m.insert(ReplyRevision, {
          replyId: reply.id,
          revision: 1,
          issued: false,
          content,
          createdById: secretariat.id,
          createdAt: decidedAt,
        });
        await m.insert(ReplyRevision, {
          replyId: reply.id,
          revision: 2,
          issued: true,
          content,
          createdById: secretariat.id,
          createdAt: issuedAt,
        });
        for (const [i, text] of (it.opinions ?? []).entries()) {
          const clerk = clerkOf(caseFile.departmentId)!;
          const c = await m.save(
            m.create(CaseCondition, {
              caseId: caseFile.id,
              replyId: reply.id,
              position: i + 1,
              text,
              departmentId: caseFile.departmentId,
              dueDate: it.reply.conditionDueDate ?? it.reply.date,
              state: it.condition ? 'closed' : 'open',
              closingComment: it.condition?.closingComment ?? null,
              closedAt: it.condition ? new Date(it.condition.closedAt) : null,
            }),
          );
          await move(
            caseFile.id,
            'openConditions',
            'decided',
            'conditionsOpen',
            secretariat,
            issuedAt,
            `付帯意見 ${it.opinions?.length} 件`,
          );
          status = 'conditionsOpen';
          if (it.condition) {
            await m.insert(ConditionReport, {
              conditionId: c.id,
              body: it.condition.report,
              submittedById: clerk.id,
              submittedByName: clerk.displayName,
              createdAt: new Date(it.condition.reportedAt),
            });
            await m.insert(ConditionTransition, [
              {
                conditionId: c.id,
                action: 'report',
                fromState: 'open',
                toState: 'reported',
                actorId: clerk.id,
                actorName: clerk.displayName,
                comment: null,
                occurredAt: new Date(it.condition.reportedAt),
              },
              {
                conditionId: c.id,
                action: 'close',
                fromState: 'reported',
                toState: 'closed',
                actorId: secretariat.id,
                actorName: secretariat.displayName,
                comment: it.condition.closingComment,
                occurredAt: new Date(it.condition.closedAt),
              },
            ]);
            await move(
              caseFile.id,
              'closeConditions',
              'conditionsOpen',
              'closed',
              secretariat,
              new Date(it.condition.closedAt),
              '全ての付帯意見の対応が完了',
            );
            status = 'closed';
          }
        }
      }
      await m.update(CaseFile, { id: caseFile.id }, { status });
    }
  }
  for (const [fy, n] of receipts)
    await m.query(`INSERT INTO number_sequence (kind, fiscal_year, last_value) VALUES ('receipt', $1, $2)`, [
      fy,
      n,
    ]);
  for (const [fy, n] of replies)
    await m.query(`INSERT INTO number_sequence (kind, fiscal_year, last_value) VALUES ('reply', $1, $2)`, [
      fy,
      n,
    ]);
}
