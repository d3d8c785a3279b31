import type { AgendaDocument } from '../../meetings/agenda-document';
import type { CaseDocumentView, DocumentMeta } from '../case-document.view';
import type { AssembledPacket, PacketMaterial, PdfInput, PdfTools } from '../pdf/pdf-tools';
import type { PdfRenderer, PrintableDocument } from '../renderer/pdf-renderer';
import type { DocumentTemplates } from '../templates/document-templates';

/** One numbered material of the packet: its label (資料2・3), title and cases in agenda order. */
export interface PacketMaterialInput {
  readonly label: string;
  readonly title: string;
  readonly cases: ReadonlyArray<{
    readonly view: CaseDocumentView;
    readonly attachments: readonly PdfInput[];
  }>;
  /** Files of the material's report items (報告事項), after its case documents. */
  readonly files?: readonly PdfInput[];
}

export interface MeetingPacketInput {
  readonly agenda: AgendaDocument;
  readonly materials: readonly PacketMaterialInput[];
}

const MEETING_META = (councilName: string): DocumentMeta => ({
  confidentialityLevel: 2,
  draftMark: null,
  councilName,
});

export function agendaPaper(templates: DocumentTemplates, agenda: AgendaDocument): PrintableDocument {
  return templates.document(
    'agenda',
    { ...agenda },
    MEETING_META(agenda.councilName),
    `${agenda.meetingLabel}　次第`,
  );
}

export function materialsPaper(templates: DocumentTemplates, agenda: AgendaDocument): PrintableDocument {
  return templates.document(
    'materials',
    { ...agenda },
    MEETING_META(agenda.councilName),
    `${agenda.meetingLabel}　資料一覧`,
  );
}

/**
 * The meeting packet: 次第, 資料一覧, then each material's case documents followed by their PDF
 * attachments, and the PDF files of its report items; each material stamped with its label, continuous page numbers, a bookmark per
 * part. Every document is queued on the renderer at once, so its pool's pages print in parallel
 * while the attachments are already in memory.
 */
export async function buildMeetingPacket(
  deps: { renderer: PdfRenderer; templates: DocumentTemplates; pdfTools: PdfTools },
  input: MeetingPacketInput,
): Promise<AssembledPacket> {
  const { renderer, templates, pdfTools } = deps;
  const caseDocs = input.materials.map((m) =>
    m.cases.map((c) => renderer.render(templates.caseDocument(c.view))),
  );
  const [agendaPdf, materialsPdf, rendered] = await Promise.all([
    renderer.render(agendaPaper(templates, input.agenda)),
    renderer.render(materialsPaper(templates, input.agenda)),
    Promise.all(caseDocs.map((list) => Promise.all(list))),
  ]);
  const materials: PacketMaterial[] = [
    {
      label: '',
      title: `${input.agenda.meetingLabel}　次第`,
      parts: [{ name: '次第', bytes: agendaPdf }],
    },
    { label: '', title: '資料一覧', parts: [{ name: '資料一覧', bytes: materialsPdf }] },
    ...input.materials.map((m, i) => ({
      label: m.label,
      title: m.title,
      parts: [
        ...m.cases.flatMap((c, j) => [
          { name: `諮問事案書「${c.view.title}」`, bytes: rendered[i][j] },
          ...c.attachments,
        ]),
        ...(m.files ?? []),
      ],
    })),
  ];
  return pdfTools.assemblePacket(materials);
}
