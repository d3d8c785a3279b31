import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../auth/auth-user';
import { PapersService, type PaperFile } from '../papers/papers.service';
import type { PdfRenderer, PrintableDocument } from '../renderer/pdf-renderer';
import { htmlToDocx } from './html-to-docx';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A paper as an editable Word file and the names it is offered under. */
export interface WordFile {
  readonly docx: Buffer;
  /** Japanese, sanitised (e.g. 諮問事案書_屋上緑化見本園見学申込.docx). */
  readonly fileName: string;
  /** ASCII fallback (e.g. case.docx). */
  readonly fallbackName: string;
}

/**
 * In place of Chromium: the paper's HTML, the very one the PDF is printed from, converted to Word.
 * WordPapersModule gives its own PapersService this renderer, so the Word copy goes through the same
 * access checks, view models and templates as the PDF.
 */
export class DocxRenderer implements PdfRenderer {
  render(document: PrintableDocument): Promise<Buffer> {
    return htmlToDocx(document.html);
  }
}

/** The council's papers as `.docx`: each method answers exactly as its PDF twin authorises. */
@Injectable()
export class WordPapersService {
  /** A PapersService whose renderer is DocxRenderer (see WordPapersModule). */
  constructor(private readonly papers: PapersService) {}

  async caseDocument(user: AuthUser, caseId: string): Promise<WordFile> {
    return asWord(await this.papers.caseDocumentPdf(user, caseId));
  }

  async agenda(user: AuthUser, meetingId: string): Promise<WordFile> {
    return asWord(await this.papers.agendaPdf(user, meetingId));
  }

  async materials(user: AuthUser, meetingId: string): Promise<WordFile> {
    return asWord(await this.papers.materialsPdf(user, meetingId));
  }

  async reply(user: AuthUser, caseId: string): Promise<WordFile> {
    return asWord(await this.papers.replyPdf(user, caseId));
  }

  async notice(user: AuthUser, caseId: string): Promise<WordFile> {
    return asWord(await this.papers.noticePdf(user, caseId));
  }

  async minutes(user: AuthUser, meetingId: string): Promise<WordFile> {
    return asWord(await this.papers.minutesPdf(user, meetingId));
  }
}

function asWord(file: PaperFile): WordFile {
  const docx = (name: string) => name.replace(/\.pdf$/i, '') + '.docx';
  return { docx: file.pdf, fileName: docx(file.fileName), fallbackName: docx(file.fallbackName) };
}
