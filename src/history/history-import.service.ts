import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import type { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { flattenValidationErrors } from '../common/errors/validation';
import { formatWareki } from '../common/format/wareki';
import { findCurrentCouncil } from '../council/current-council';
import { CaseFile } from '../cases/case-file.entity';
import { writeCaseContent } from '../cases/case-content.writer';
import { CaseAttachment } from '../cases/case-parts.entity';
import { CaseContentDto } from '../cases/dto/case-input.dto';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { numberAgenda } from '../meetings/agenda-numbering';
import { Meeting } from '../meetings/meeting.entity';
import { Minutes } from '../minutes/minutes.entity';
import type { MinutesLine } from '../minutes/minutes-lines';
import { REPLY_CONCLUSIONS } from '../replies/reply-document';
import { Reply, ReplyRevision, type ReplyOutcome } from '../replies/reply.entity';
import { insertCaseTransition } from '../workflow/case-transition.entity';
import type { CaseAction, CaseState } from '../workflow/case-state-machine';
import { fiscalYearOf } from '../workflow/numbering';
import {
  ErrorList,
  parseHistoryJson,
  recordDigest,
  type HistoryCase,
  type HistoryDocument,
  type ParsedHistory,
} from './history-format';
import { parseHistoryCsv } from './history-csv';
import { HistoryErrors } from './history.errors';
import { reindexPublic } from '../public-portal/search/public-search-index';
import {
  asAuthUser,
  countPlan,
  type Existing,
  type HistoryActor,
  type HistoryImportResult,
  type HistoryUpload,
  importKey,
  mark,
  type Plan,
  pointerOf,
  receiptSequence,
} from './history-plan';
import { actorOf } from '../auth/actor';

/**
 * Brings a council's past meetings, cases, 答申 and minutes in, with their real dates and numbers.
 * The whole file is checked before anything is written (one transaction); every record carries
 * its external key, so a second import of the same file reports everything unchanged.
 */
export class HistoryImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly dataDir: string,
    private readonly audit: AuditService,
  ) {}

  parse(document: HistoryUpload, source: string | null): ParsedHistory {
    const text = document.buffer.toString('utf8');
    const isCsv = /\.csv$/i.test(document.name) || !/^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));
    return isCsv ? parseHistoryCsv(text, source) : parseHistoryJson(text);
  }

  async import(
    actor: HistoryActor,
    input: { document: HistoryUpload; files: HistoryUpload[]; source?: string | null; dryRun?: boolean },
  ): Promise<HistoryImportResult> {
    const parsed = this.parse(input.document, input.source ?? null);
    const written: string[] = [];
    try {
      return await this.uow.run(asAuthUser(actor), async (m) => {
        const errors = new ErrorList();
        for (const e of parsed.errors) for (const msg of e.messages) errors.add(e.field, msg);
        const plan = await this.plan(m, parsed.doc, input.files, errors);
        if (errors.items.length)
          throw HistoryErrors.invalid(
            errors.items.map((e) => ({ field: parsed.locate(e.field), messages: e.messages })),
          );
        const result = countPlan(parsed.doc.source, plan, Boolean(input.dryRun));
        if (input.dryRun) return result;
        await this.write(m, actor, parsed.doc, plan, written);
        // Imported public minutes and issued replies are published: the portal's search finds them.
        await reindexPublic(m);
        await this.audit.record(
          {
            actor: actorOf(actor),
            action: 'import',
            targetType: 'history',
            targetId: null,
            detail: { source: parsed.doc.source, created: result.created, unchanged: result.unchanged },
          },
          m,
        );
        return result;
      });
    } catch (e) {
      // Nothing of a failed import stays: the rows roll back, the files written for them go.
      await Promise.all(written.map((p) => rm(p, { force: true })));
      throw e;
    }
  }

  /** Every check that needs the database, each problem under its pointer. Writes nothing. */
  private async plan(
    m: EntityManager,
    doc: HistoryDocument,
    uploads: HistoryUpload[],
    errors: ErrorList,
  ): Promise<Plan> {
    const files = new Map<string, { buffer: Buffer; sha256: string }>();
    for (const f of uploads) {
      if (files.has(f.name)) errors.add(`files/${f.name}`, '同じ名前のファイルが 2 回送られています');
      else if (!f.buffer.subarray(0, 5).equals(Buffer.from('%PDF-')))
        errors.add(`files/${f.name}`, 'PDF ファイルではありません');
      files.set(f.name, { buffer: f.buffer, sha256: createHash('sha256').update(f.buffer).digest('hex') });
    }
    const referenced = new Set(doc.cases.flatMap((c) => c.files.map((f) => f.file)));
    for (const name of files.keys())
      if (!referenced.has(name)) errors.add(`files/${name}`, 'どの記録からも参照されていないファイルです');

    const byNumber = new Map<number, Existing & { number: number; state: string }>();
    const numbers = [...new Set([...doc.meetings.map((x) => x.number), ...doc.cases.map((c) => c.meeting)])];
    for (const r of await m.query(
      `SELECT id, number, state, imported_from AS "importedFrom", imported_digest AS "importedDigest"
         FROM meeting WHERE number = ANY($1::int[])`,
      [numbers],
    ))
      byNumber.set(r.number, r);
    const meetings = doc.meetings.map((record) => {
      const key = importKey(doc.source, 'meeting', record.number);
      const { at: _at, ...data } = record;
      const digest = recordDigest(data);
      const existing = byNumber.get(record.number) ?? null;
      if (existing && existing.importedFrom !== key)
        errors.add(`${record.at}/number`, `第${record.number}回の会議は既に登録されています`);
      else if (existing && existing.importedDigest !== digest)
        errors.add(
          record.at,
          `第${record.number}回の会議は取り込み済みで、内容が異なります。取り込んだ過去の記録は変更できません`,
        );
      return { record, key, digest, existing };
    });

    const departments = new Map<string, string>(
      (await m.query(`SELECT code, id FROM department`)).map((d: { code: string; id: string }) => [
        d.code,
        d.id,
      ]),
    );
    const bases = new Map<string, string>(
      (await m.query(`SELECT code, id FROM legal_basis`)).map((b: { code: string; id: string }) => [
        b.code,
        b.id,
      ]),
    );
    const receipts = doc.cases.map((c) => c.receiptNumber);
    const byReceipt = new Map<string, Existing>();
    for (const r of await m.query(
      `SELECT id, receipt_number AS "receiptNumber", imported_from AS "importedFrom", imported_digest AS "importedDigest"
         FROM case_file WHERE receipt_number = ANY($1::text[])`,
      [receipts],
    ))
      byReceipt.set(r.receiptNumber, r);
    const takenReplies = new Set<string>(
      (
        await m.query(
          `SELECT fiscal_year || '-' || number AS k FROM reply WHERE state = 'issued' AND numbering = 'fiscalYear'`,
        )
      ).map((r: { k: string }) => r.k),
    );
    const inFile = new Set(doc.meetings.map((x) => x.number));
    const cases: Plan['cases'] = [];
    for (const record of doc.cases) {
      const { at } = record;
      const key = importKey(doc.source, 'case', record.receiptNumber);
      const fileDigests = Object.fromEntries(
        record.files.map((f) => [f.file, files.get(f.file)?.sha256 ?? '']),
      );
      const { at: _at, ...data } = record;
      const digest = recordDigest(data, fileDigests);
      const existing = (record.receiptNumber && byReceipt.get(record.receiptNumber)) || null;
      if (existing && existing.importedFrom !== key)
        errors.add(`${at}/receiptNumber`, `受付番号 ${record.receiptNumber} の事案は既に登録されています`);
      else if (existing && existing.importedDigest !== digest)
        errors.add(
          at,
          `受付番号 ${record.receiptNumber} の事案は取り込み済みで、内容が異なります。取り込んだ過去の記録は変更できません`,
        );
      const departmentId = departments.get(record.department);
      if (!departmentId && record.department)
        errors.add(
          `${at}/department`,
          `課コード「${record.department}」は登録されていません（先に課を登録してください）`,
        );
      const registered = byNumber.get(record.meeting);
      if (record.meeting && !inFile.has(record.meeting) && !registered)
        errors.add(
          `${at}/meeting`,
          `第${record.meeting}回の会議がこのファイルにも登録済みの会議にもありません`,
        );
      else if (!inFile.has(record.meeting) && registered && !['held', 'closed'].includes(registered.state))
        errors.add(
          `${at}/meeting`,
          `第${record.meeting}回の会議はまだ開催されていません（過去の事案は開催済みの会議に取り込みます）`,
        );
      if (
        !existing &&
        record.reply &&
        takenReplies.has(`${fiscalYearOf(record.reply.date)}-${record.reply.number}`)
      )
        errors.add(
          `${at}/reply/number`,
          `答申第${record.reply.number}号（${fiscalYearOf(record.reply.date)}年度）は既に発行されています`,
        );
      record.files.forEach((f, j) => {
        if (!files.has(f.file))
          errors.add(`${at}/files/${j}/file`, `ファイル「${f.file}」が送られていません`);
      });
      const content = this.caseContent(record, bases, errors);
      if (departmentId) cases.push({ record, key, digest, existing, departmentId, content });
    }
    return { meetings, cases, files };
  }

  /** The case content in the editor's DTO, legal bases resolved from their codes; its problems by pointer. */
  private caseContent(record: HistoryCase, bases: Map<string, string>, errors: ErrorList): CaseContentDto {
    const at = `${record.at}/content`;
    const raw: Record<string, unknown> = { ...record.content, title: record.title };
    const basisId = (code: unknown, field: string): string | unknown => {
      if (typeof code !== 'string') return code;
      const id = bases.get(code);
      if (!id) errors.add(field, `条例の根拠「${code}」は登録されていません`);
      return id ?? code;
    };
    if ('legalBasisIds' in raw || 'relatedCaseIds' in raw)
      errors.add(
        at,
        'legalBasisIds / relatedCaseIds は使えません。条例の根拠はコード（legalBases）で指定してください',
      );
    delete raw.legalBasisIds;
    delete raw.relatedCaseIds;
    if (Array.isArray(raw.legalBases)) {
      raw.legalBasisIds = raw.legalBases.map((c, i) => basisId(c, `${at}/legalBases/${i}`));
      delete raw.legalBases;
    }
    if (Array.isArray(raw.sections))
      raw.sections = raw.sections.map((s: unknown, i) => {
        if (typeof s !== 'object' || s === null) return s;
        const { legalBasis, ...rest } = s as Record<string, unknown>;
        return { ...rest, legalBasisId: basisId(legalBasis, `${at}/sections/${i}/legalBasis`) };
      });
    const dto = plainToInstance(CaseContentDto, raw);
    const problems = validateSync(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    });
    for (const e of flattenValidationErrors(problems))
      for (const msg of e.messages) errors.add(`${at}/${pointerOf(e.field)}`, msg);
    return dto;
  }

  private async write(
    m: EntityManager,
    actor: HistoryActor,
    doc: HistoryDocument,
    plan: Plan,
    written: string[],
  ): Promise<void> {
    const council = await findCurrentCouncil(m);
    const councilName = council?.councilName ?? '審議会';
    const user = asAuthUser(actor);
    const meetingIds = new Map<number, { id: string; startsAt: Date; endsAt: Date | null }>();
    for (const r of await m.query(`SELECT id, number, starts_at, ends_at FROM meeting`))
      meetingIds.set(r.number, { id: r.id, startsAt: r.starts_at, endsAt: r.ends_at });

    for (const p of plan.meetings) {
      if (p.existing) continue;
      const r = p.record;
      const startsAt = new Date(r.startsAt);
      const endsAt = r.endsAt ? new Date(r.endsAt) : null;
      const meeting = await m.save(
        m.create(Meeting, {
          number: r.number,
          startsAt,
          endsAt,
          place: r.place,
          state: 'closed',
          heldAt: startsAt,
          closedAt: endsAt ?? startsAt,
          createdById: actor.id,
        }),
      );
      await mark(m, 'meeting', meeting.id, p.key, p.digest);
      meetingIds.set(r.number, { id: meeting.id, startsAt, endsAt });
      if (r.minutes) {
        const lines: MinutesLine[] = r.minutes.lines.map((l, i) => ({
          key: `import:${i + 1}`,
          kind: l.kind,
          speakerRole: l.speakerRole,
          speakerName: l.speakerName,
          text: l.text,
          closed: false,
          source: 'manual',
          generatedText: null,
        }));
        const published = r.minutes.public
          ? new Date(`${r.minutes.publishedOn ?? r.startsAt.slice(0, 10)}T10:00:00+09:00`)
          : null;
        const minutes = await m.save(
          m.create(Minutes, {
            meetingId: meeting.id,
            state: published ? 'published' : 'confirmed',
            lines,
            publicLines: published
              ? lines.map((l) => ({ kind: l.kind, speakerRole: l.speakerRole, text: l.text }))
              : null,
            confirmedAt: published ?? endsAt ?? startsAt,
            publishedAt: published,
            updatedById: actor.id,
          }),
        );
        await mark(m, 'minutes', minutes.id, importKey(doc.source, 'minutes', r.number), p.digest);
      }
    }

    const newItems = new Map<string, AgendaItem[]>();
    const receipts = new Map<number, number>();
    const replies = new Map<number, number>();
    for (const p of plan.cases) {
      if (p.existing) continue;
      const r = p.record;
      const meeting = meetingIds.get(r.meeting)!;
      const row = await m.save(
        m.create(CaseFile, {
          departmentId: p.departmentId,
          title: r.title,
          status: 'draft',
          receiptNumber: r.receiptNumber,
          createdById: actor.id,
        }),
      );
      // The editor's writer: the same checks, parts and search index as a clerk's save.
      try {
        await writeCaseContent(m, row, p.content, user);
      } catch (e) {
        if (e instanceof AppError && e.extensions.errors)
          throw HistoryErrors.invalid(
            e.extensions.errors.map((f) => ({
              field: `${r.at}/content/${pointerOf(f.field)}`,
              messages: f.messages,
            })),
          );
        throw e;
      }
      const decidedAt = meeting.endsAt ?? meeting.startsAt;
      const status: CaseState = r.outcome === 'withdrawn' ? 'withdrawn' : 'closed';
      await m.update(CaseFile, { id: row.id }, { status });
      await mark(m, 'case_file', row.id, p.key, p.digest);
      const seq = receiptSequence(r.receiptNumber);
      if (seq) receipts.set(seq.fiscalYear, Math.max(receipts.get(seq.fiscalYear) ?? 0, seq.value));

      const existingItems = newItems.get(meeting.id) ?? [];
      const [{ max }]: { max: number | null }[] = await m.query(
        `SELECT max(position) AS max FROM agenda_item WHERE meeting_id = $1 AND section = $2`,
        [meeting.id, row.procedure],
      );
      const item = await m.save(
        m.create(AgendaItem, {
          meetingId: meeting.id,
          section: row.procedure,
          kind: 'case',
          position: (max ?? 0) + 1,
          caseId: row.id,
          title: r.title,
          closedSession: r.closedSession,
          outcome: r.outcome,
          decidedAt,
          decidedById: actor.id,
        }),
      );
      newItems.set(meeting.id, [...existingItems, item]);

      const comment = `過去の記録の取り込み（${doc.source}）`;
      const received = new Date(`${r.receivedOn}T10:00:00+09:00`);
      const steps: [CaseAction, CaseState, CaseState, Date][] = [
        ['submit', 'draft', 'submitted', received],
        ['accept', 'submitted', 'accepted', received],
        ['schedule', 'accepted', 'scheduled', received],
        r.outcome === 'withdrawn'
          ? ['recordWithdrawal', 'scheduled', 'withdrawn', decidedAt]
          : ['decide', 'scheduled', 'decided', decidedAt],
      ];
      if (r.reply) {
        const fy = fiscalYearOf(r.reply.date);
        replies.set(fy, Math.max(replies.get(fy) ?? 0, r.reply.number));
        const issuedAt = new Date(`${r.reply.date}T10:00:00+09:00`);
        const reply = await m.save(
          m.create(Reply, {
            agendaItemId: item.id,
            caseId: row.id,
            state: 'issued',
            fiscalYear: fy,
            number: r.reply.number,
            numbering: 'fiscalYear',
            replyDate: r.reply.date,
            addressee: r.reply.addressee ?? council?.implementingBody ?? '',
            sender: r.reply.sender ?? `${councilName} 会長`,
            title: `${r.title}について（答申）`,
            outcome: r.outcome as ReplyOutcome,
            body:
              r.reply.body ??
              `${formatWareki(meeting.startsAt)}に開催した第${r.meeting}回${councilName}において審議した「${r.title}」（受付番号 ${r.receiptNumber}）について、下記のとおり答申します。`,
            standardConditions: [],
            supplementaryOpinions: r.reply.supplementaryOpinions,
            issuedAt,
            issuedById: actor.id,
          }),
        );
        await m.insert(ReplyRevision, {
          replyId: reply.id,
          revision: 1,
          issued: true,
          content: {
            conclusion: REPLY_CONCLUSIONS[reply.outcome],
            number: r.reply.number,
            fiscalYear: fy,
            replyDate: reply.replyDate,
          },
          createdById: actor.id,
          createdAt: issuedAt,
        });
        await mark(m, 'reply', reply.id, importKey(doc.source, 'reply', `${fy}-${r.reply.number}`), p.digest);
        steps.push(['closeConditions', 'decided', 'closed', issuedAt]);
      } else if (r.outcome !== 'withdrawn') steps.push(['closeConditions', 'decided', 'closed', decidedAt]);
      for (const [action, from, to, at] of steps)
        await insertCaseTransition(m, { caseId: row.id, action, from, to, actor, comment, at });

      for (const f of r.files) {
        const file = plan.files.get(f.file)!;
        const folder = join(this.dataDir, 'attachments');
        await mkdir(folder, { recursive: true });
        const storageKey = `${randomUUID()}.pdf`;
        const path = join(folder, storageKey);
        await writeFile(path, file.buffer, { mode: 0o600, flag: 'wx' });
        written.push(path);
        await m.insert(CaseAttachment, {
          caseId: row.id,
          title: f.title,
          fileName: f.file,
          mediaType: 'application/pdf',
          sizeBytes: file.buffer.length,
          sha256: file.sha256,
          storageKey,
          createdById: actor.id,
        });
      }
    }
    // Agenda numbers (ア, イ, …) of the imported meetings, as a convened meeting freezes them.
    for (const [meetingId] of newItems) {
      const items = await m.find(AgendaItem, { where: { meetingId } });
      for (const [id, n] of numberAgenda(items))
        await m.update(AgendaItem, { id }, { numberLabel: n.label, materialNumber: n.materialNumber });
    }
    // Numbers drawn later in those fiscal years continue after the imported ones.
    for (const [kind, map] of [
      ['receipt', receipts],
      ['reply', replies],
    ] as const)
      for (const [fy, n] of map)
        await m.query(
          `INSERT INTO number_sequence AS s (kind, fiscal_year, last_value) VALUES ($1, $2, $3)
           ON CONFLICT (council_id, kind, fiscal_year) DO UPDATE SET last_value = GREATEST(s.last_value, excluded.last_value)`,
          [kind, fy, n],
        );
  }
}
