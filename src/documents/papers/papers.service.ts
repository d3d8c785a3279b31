import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { AttachmentsService } from '../../cases/attachments.service';
import type { CaseAggregate } from '../../cases/case-aggregate';
import { CasesService } from '../../cases/cases.service';
import { formatWareki } from '../../common/format/wareki';
import { type AgendaDocument } from '../../meetings/agenda-document';
import { MeetingViewService } from '../../meetings/meeting-view.service';
import { RepliesService } from '../../replies/replies.service';
import { buildReplyDocument, REPLY_CONCLUSIONS } from '../../replies/reply-document';
import { Reply } from '../../replies/reply.entity';
import { ReplyErrors } from '../../replies/replies.errors';
import { buildMinutesDocument, type MinutesVariant } from '../../minutes/minutes-document';
import { MinutesService } from '../../minutes/minutes.service';
import type { DocumentMeta } from '../case-document.view';
import { PdfTools, type SkippedInput } from '../pdf/pdf-tools';
import { PDF_RENDERER, type PdfRenderer, type PrintableDocument } from '../renderer/pdf-renderer';
import { DocumentTemplates } from '../templates/document-templates';
import { toCaseDocumentView, confidentialityOf } from './case-document.mapper';
import { safeDownloadName } from './content-disposition';
import { ReportFilesService } from '../../meetings/report-files.service';
import { agendaPaper, buildMeetingPacket, materialsPaper, type PacketMaterialInput } from './meeting-packet';
import { findCurrentCouncil } from '../../council/current-council';

/** A produced paper: the PDF and the name it is offered under. */
export interface PaperFile {
  readonly pdf: Buffer;
  /** Japanese, sanitised (e.g. 諮問事案書_屋上緑化見本園見学申込.pdf). */
  readonly fileName: string;
  /** ASCII fallback for old clients (e.g. case.pdf). */
  readonly fallbackName: string;
  /** Packet only: parts that could not be merged (listed on a notice page inside the packet). */
  readonly skipped?: readonly SkippedInput[];
}

const DEFAULT_COUNCIL = '情報公開・個人情報保護審議会';

/**
 * The council's papers as PDFs (and the case document as HTML for the preview). Access follows the
 * data each paper shows: the services it loads from throw 404 for what the user may not see.
 */
@Injectable()
export class PapersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly attachments: AttachmentsService,
    private readonly meetings: MeetingViewService,
    private readonly replies: RepliesService,
    private readonly templates: DocumentTemplates,
    private readonly pdfTools: PdfTools,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    private readonly minutes: MinutesService,
    private readonly reportFiles: ReportFilesService,
  ) {}

  /**
   * 会議録 for the council: the secretariat gets the internal version (watermarked 案 until confirmed);
   * members get it while they are asked to confirm it or once published (as MinutesService decides).
   */
  async minutesPdf(user: AuthUser, meetingId: string): Promise<PaperFile> {
    const minutes =
      user.role === 'secretariat'
        ? await this.minutes.get(meetingId)
        : (await this.minutes.memberMinutes(user, meetingId)).minutes;
    const variant: MinutesVariant = ['confirmed', 'published'].includes(minutes.state)
      ? 'confirmed'
      : 'draft';
    return this.minutesFile(minutes, variant);
  }

  private async minutesFile(
    minutes: Parameters<typeof buildMinutesDocument>[0],
    variant: MinutesVariant,
  ): Promise<PaperFile> {
    const view = buildMinutesDocument(minutes, variant, await this.councilName());
    const pdf = await this.renderer.render(
      this.templates.document('minutes', view as unknown as Record<string, unknown>, view.meta, view.title),
    );
    return { pdf, fileName: safeDownloadName(`会議録_${view.title}`), fallbackName: 'minutes.pdf' };
  }

  /** 諮問事案書 as HTML: the same template the PDF is printed from. */
  async caseDocumentHtml(user: AuthUser, caseId: string): Promise<{ html: string; title: string }> {
    const c = await this.visibleCase(user, caseId);
    return { html: this.templates.caseDocumentHtml(await this.caseView(c)), title: c.title };
  }

  async caseDocumentPdf(user: AuthUser, caseId: string): Promise<PaperFile> {
    const c = await this.visibleCase(user, caseId);
    const pdf = await this.renderer.render(this.templates.caseDocument(await this.caseView(c)));
    return { pdf, fileName: safeDownloadName(`諮問事案書_${c.title}`), fallbackName: 'case.pdf' };
  }

  async agendaPdf(user: AuthUser, meetingId: string): Promise<PaperFile> {
    const agenda = await this.meetings.agendaDocument(user, meetingId);
    const pdf = await this.renderer.render(this.agendaDocument(agenda));
    return {
      pdf,
      fileName: safeDownloadName(`次第_${agenda.meetingLabel}`),
      fallbackName: 'agenda.pdf',
    };
  }

  async materialsPdf(user: AuthUser, meetingId: string): Promise<PaperFile> {
    const agenda = await this.meetings.agendaDocument(user, meetingId);
    const pdf = await this.renderer.render(this.materialsDocument(agenda));
    return {
      pdf,
      fileName: safeDownloadName(`資料一覧_${agenda.meetingLabel}`),
      fallbackName: 'materials.pdf',
    };
  }

  /**
   * The meeting packet: 次第, 資料一覧, then each material (資料N in agenda order, joint items
   * share one label) with its case documents and their PDF attachments (see `buildMeetingPacket`).
   */
  async packetPdf(user: AuthUser, meetingId: string): Promise<PaperFile> {
    const detail = await this.meetings.detail(user, meetingId);
    const agenda = this.meetings.agendaDocumentOf(detail);
    const caseIds = [...new Set(detail.items.map((i) => i.item.caseId).filter((id): id is string => !!id))];
    const aggregates = new Map<string, CaseAggregate>();
    for (const id of caseIds) aggregates.set(id, await this.cases.get(user, id));
    const attachments = await this.attachments.pdfsForPrint(caseIds);
    const reportFiles = await this.reportFiles.pdfsForPrint(
      detail.items.filter((v) => v.item.section === 'report').map((v) => v.item.id),
    );
    const itemById = new Map(detail.items.map((v) => [v.item.id, v]));
    const materials: PacketMaterialInput[] = detail.materials
      .map((entry) => {
        const items = entry.itemIds.map((id) => itemById.get(id)).filter((v) => v !== undefined);
        return {
          label: entry.label,
          title: items.map((v) => v.item.title).join('・'),
          cases: items.flatMap((v) => {
            const c = v.item.caseId ? aggregates.get(v.item.caseId) : undefined;
            if (!c) return [];
            return [
              {
                view: toCaseDocumentView(c, detail.councilName),
                attachments: (attachments.get(c.id) ?? []).map((a) => ({ name: a.name, bytes: a.bytes })),
              },
            ];
          }),
          files: items.flatMap((v) => reportFiles.get(v.item.id) ?? []),
        };
      })
      .filter((m) => m.cases.length > 0 || m.files.length > 0);
    const packet = await buildMeetingPacket(
      { renderer: this.renderer, templates: this.templates, pdfTools: this.pdfTools },
      { agenda, materials },
    );
    return {
      pdf: packet.pdf,
      fileName: safeDownloadName(`会議資料_${agenda.meetingLabel}`),
      fallbackName: 'packet.pdf',
      skipped: packet.skipped,
    };
  }

  /** 答申書 of the case's latest reply; a reply not yet issued prints with the 「案」 watermark. */
  async replyPdf(user: AuthUser, caseId: string): Promise<PaperFile> {
    const { reply, caseFile } = await this.replyOf(user, caseId);
    const doc = buildReplyDocument(reply, caseFile);
    const view = {
      ...doc,
      lead: doc.lead || '下記の件について、次のとおり答申します。',
    };
    const meta = this.meta(doc.confidentialityLevel, doc.draft ? '案' : null, await this.councilName());
    const pdf = await this.renderer.render(this.templates.document('reply', view, meta, doc.title));
    return {
      pdf,
      fileName: safeDownloadName(`答申書_${doc.numberLabel ?? '案'}_${caseFile.title}`),
      fallbackName: 'reply.pdf',
    };
  }

  /** Notice to the department of the council's outcome (答申結果の通知). */
  async noticePdf(user: AuthUser, caseId: string): Promise<PaperFile> {
    const { reply, caseFile } = await this.replyOf(user, caseId);
    const municipality = await findCurrentCouncil(this.ds.manager);
    const council = municipality?.councilName ?? DEFAULT_COUNCIL;
    const dept: { name: string }[] = await this.ds.query(`SELECT name FROM department WHERE id = $1`, [
      caseFile.departmentId,
    ]);
    const numberLabel = reply.number ? `答申第${reply.number}号` : null;
    const view = {
      dateLabel: formatWareki(reply.issuedAt ?? reply.replyDate),
      addressee: `${dept[0]?.name ?? ''}長`,
      sender: `${council}事務局`,
      title: `「${caseFile.title}」の答申について（通知）`,
      lead: `${formatWareki(reply.replyDate)}付けで、${council}から下記のとおり答申がありましたので通知します。`,
      caseTitle: caseFile.title,
      receiptNumber: caseFile.receiptNumber,
      replyNumberLabel: numberLabel,
      replyDateLabel: formatWareki(reply.replyDate),
      conclusion: REPLY_CONCLUSIONS[reply.outcome],
      supplementaryOpinions: reply.supplementaryOpinions,
      conditionDueLabel: formatWareki(reply.conditionDueDate),
    };
    const meta = this.meta(caseFile.confidentialityLevel, reply.state === 'issued' ? null : '案', council);
    const pdf = await this.renderer.render(this.templates.document('notice', view, meta, view.title));
    return {
      pdf,
      fileName: safeDownloadName(`答申結果通知_${caseFile.title}`),
      fallbackName: 'notice.pdf',
    };
  }

  /** A case the user may see (CasesService.get asks the case-access policy; 404 otherwise). */
  private visibleCase(user: AuthUser, caseId: string): Promise<CaseAggregate> {
    return this.cases.get(user, caseId);
  }

  private async replyOf(user: AuthUser, caseId: string) {
    const latest = await this.ds
      .getRepository(Reply)
      .findOne({ where: { caseId }, order: { createdAt: 'DESC' } });
    if (!latest) throw ReplyErrors.notFound();
    return this.replies.get(user, latest.id);
  }

  private async caseView(c: CaseAggregate) {
    return toCaseDocumentView(c, await this.councilName());
  }

  private async councilName(): Promise<string> {
    const municipality = await findCurrentCouncil(this.ds.manager);
    return municipality?.councilName ?? DEFAULT_COUNCIL;
  }

  private meta(level: number, draftMark: DocumentMeta['draftMark'], councilName: string): DocumentMeta {
    return { confidentialityLevel: confidentialityOf(level), draftMark, councilName };
  }

  private agendaDocument(agenda: AgendaDocument): PrintableDocument {
    return agendaPaper(this.templates, agenda);
  }

  private materialsDocument(agenda: AgendaDocument): PrintableDocument {
    return materialsPaper(this.templates, agenda);
  }
}
