import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { formatWareki } from '../common/format/wareki';
import { todayInJapan } from '../common/format/today';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { publicRead, type PublicCouncil } from '../public-portal/public-council';
import { PDF_RENDERER, type PdfRenderer, type PrintableDocument } from '../documents/renderer/pdf-renderer';
import { DocumentTemplates } from '../documents/templates/document-templates';
import { FileRegisterService } from './file-register.service';
import type { PublicDepartment } from './register-queries';
import { FILE_TYPE_LABELS } from './register-fields';

/** One published entry as the public page and the PDF print it. */
export interface PublicEntryView {
  name: string;
  departmentName: string;
  purpose: string;
  recordItems: string;
  recordScope: string;
  collectionMethod: string;
  sensitive: string;
  regularRecipients: string;
  requestOffice: string;
  specialProcedures: string;
  fileType: string;
}

export interface PublicRegisterView {
  municipality: string;
  departments: { departmentName: string; entries: PublicEntryView[] }[];
  count: number;
  /** 和暦, e.g. 令和8年12月3日 */
  asOf: string;
}

export function publicEntryView(
  departmentName: string,
  e: PublicDepartment['entries'][number],
): PublicEntryView {
  return {
    name: e.name,
    departmentName,
    purpose: e.purpose,
    recordItems: e.recordItems.join('、'),
    recordScope: e.recordScope,
    collectionMethod: e.collectionMethod || '—',
    sensitive: e.sensitive ? '含む' : '含まない',
    regularRecipients: e.regularRecipients || 'なし',
    requestOffice: e.requestOffice,
    specialProcedures: e.specialProcedures || 'なし',
    fileType: FILE_TYPE_LABELS[e.fileType],
  };
}

/** The public register: the portal's page model and its PDF (template `templates/documents/file-register.hbs`). */
@Injectable()
export class FileRegisterPdfService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly register: FileRegisterService,
    private readonly templates: DocumentTemplates,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
  ) {}

  /** The page model of the register the public URL's council publishes (404 for an unknown council). */
  page(slug: string): Promise<PublicRegisterView & { councilName: string; slug: string }> {
    return publicRead(this.ds, slug, (m, council) => this.publicView(m, council));
  }

  /** The printed register of the public URL's council. */
  publicPdf(slug: string): Promise<Buffer> {
    return publicRead(this.ds, slug, (m, council) => this.pdf(m, council));
  }

  /** The published register of the council a public URL names, read in its transaction `m`. */
  async publicView(
    m: EntityManager,
    council: PublicCouncil,
  ): Promise<PublicRegisterView & { councilName: string; slug: string }> {
    const departments = await this.register.published(m, council.id);
    const views = departments.map((d) => ({
      departmentName: d.departmentName,
      entries: d.entries.map((e) => publicEntryView(d.departmentName, e)),
    }));
    return {
      councilName: council.councilName,
      municipality: council.name,
      slug: council.slug,
      departments: views,
      count: views.reduce((n, d) => n + d.entries.length, 0),
      asOf: formatWareki(todayInJapan()),
    };
  }

  document(view: PublicRegisterView & { councilName: string }): PrintableDocument {
    return this.templates.document(
      'file-register',
      { ...view },
      { confidentialityLevel: 1, draftMark: null, councilName: view.councilName },
      `${view.municipality}個人情報ファイル簿`,
    );
  }

  /** The last printed register, reused while its HTML is unchanged (anonymous readers cost one query). */
  private last: { key: string; pdf: Buffer } | null = null;

  async pdf(m: EntityManager, council: PublicCouncil): Promise<Buffer> {
    const doc = this.document(await this.publicView(m, council));
    const key = createHash('sha256').update(doc.html).digest('hex');
    if (this.last?.key !== key) this.last = { key, pdf: await this.renderer.render(doc, { tagged: true }) };
    return this.last.pdf;
  }
}
