import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { todayInJapan } from '../common/format/today';
import { currentCouncil } from '../council/current-council';
import { htmlToDocx } from '../documents/docx/html-to-docx';
import type { WordFile } from '../documents/docx/word-papers.service';
import { safeDownloadName } from '../documents/papers/content-disposition';
import type { PaperFile } from '../documents/papers/papers.service';
import { PDF_RENDERER, type PdfRenderer, type PrintableDocument } from '../documents/renderer/pdf-renderer';
import { DocumentTemplates } from '../documents/templates/document-templates';
import { ImpactAssessmentsService } from './impact-assessments.service';
import { buildResultDocument } from './result-document';

/** The 点検結果 paper (in place of an 答申): PDF through the renderer, Word from the same HTML. */
@Injectable()
export class ResultPapersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly assessments: ImpactAssessmentsService,
    private readonly templates: DocumentTemplates,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
  ) {}

  private async paper(user: AuthUser, caseId: string): Promise<{ doc: PrintableDocument; name: string }> {
    const detail = await this.assessments.detail(user, caseId);
    const council = await currentCouncil(this.ds.manager);
    const view = buildResultDocument(detail, council.councilName, todayInJapan());
    const doc = this.templates.document(
      'impact-assessment-result',
      view as unknown as Record<string, unknown>,
      { confidentialityLevel: 2, draftMark: view.draft ? '案' : null, councilName: council.councilName },
      view.title,
    );
    return { doc, name: `点検結果_${detail.row.affairName}` };
  }

  async pdf(user: AuthUser, caseId: string): Promise<PaperFile> {
    const { doc, name } = await this.paper(user, caseId);
    return {
      pdf: await this.renderer.render(doc),
      fileName: safeDownloadName(name),
      fallbackName: 'review-result.pdf',
    };
  }

  async docx(user: AuthUser, caseId: string): Promise<WordFile> {
    const { doc, name } = await this.paper(user, caseId);
    const fileName = safeDownloadName(name, 'docx');
    return { docx: await htmlToDocx(doc.html), fileName, fallbackName: 'review-result.docx' };
  }
}
