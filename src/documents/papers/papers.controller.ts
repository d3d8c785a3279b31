import { Controller, Res, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags, ApiConflictResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators';
import { DOCX_CONTENT_TYPE, WordPapersService, type WordFile } from '../docx/word-papers.service';
import { attachmentDisposition } from './content-disposition';
import { PapersService, type PaperFile } from './papers.service';
import { ApiGet } from '../../common/openapi/route';
import { IdParam } from '../../common/http/id.pipe';

const PDF_RESPONSE = { description: 'PDF', schema: { type: 'string', format: 'binary' } } as const;
const DOCX_RESPONSE = { description: 'Word (.docx)', schema: { type: 'string', format: 'binary' } } as const;

/** Sends a paper as a download with its Japanese file name (RFC 5987) and no caching. */
export function sendPaper(res: Response, file: PaperFile): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  if (file.skipped) res.setHeader('X-Packet-Unreadable-Files', String(file.skipped.length));
  return new StreamableFile(file.pdf, {
    type: 'application/pdf',
    length: file.pdf.length,
    disposition: attachmentDisposition(file.fallbackName, file.fileName),
  });
}

/** Sends a paper's editable Word copy, named like its PDF, with no caching. */
export function sendWord(res: Response, file: WordFile): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(file.docx, {
    type: DOCX_CONTENT_TYPE,
    length: file.docx.length,
    disposition: attachmentDisposition(file.fallbackName, file.fileName),
  });
}

/** Papers about one case: the case document, the reply and the notice to the department. */
@ApiTags('帳票')
@AuditTarget('case')
@Controller('api/cases')
export class CasePapersController {
  constructor(
    private readonly papers: PapersService,
    private readonly word: WordPapersService,
  ) {}

  /** 諮問事案書 (a draft carries the 「下書き」 watermark). Whoever may see the case. */
  @ApiGet(
    ':id/document.pdf',
    '諮問書・報告書の PDF を取得する',
    ['clerk', 'secretariat', 'member', 'chair'],
    PDF_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces('application/pdf')
  async caseDocument(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.caseDocumentPdf(user, id));
  }

  @ApiGet(
    ':id/document.docx',
    '諮問書・報告書の Word 版を取得する',
    ['clerk', 'secretariat', 'member', 'chair'],
    DOCX_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  async caseDocumentDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.caseDocument(user, id));
  }

  /** 答申書: the secretariat, members and the chair; the department once it is issued. */
  @ApiGet(
    ':id/reply.pdf',
    '答申書の PDF を取得する',
    ['clerk', 'secretariat', 'member', 'chair'],
    PDF_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces('application/pdf')
  async reply(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.replyPdf(user, id));
  }

  @ApiGet(
    ':id/reply.docx',
    '答申書の Word 版を取得する',
    ['clerk', 'secretariat', 'member', 'chair'],
    DOCX_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  async replyDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.reply(user, id));
  }

  /** Notice of the outcome to the department: the secretariat and the department itself. */
  @ApiGet(':id/notice.pdf', '通知書の PDF を取得する', ['clerk', 'secretariat'], PDF_RESPONSE)
  @AuditAs('download')
  @ApiProduces('application/pdf')
  async notice(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.noticePdf(user, id));
  }

  @ApiGet(':id/notice.docx', '通知書の Word 版を取得する', ['clerk', 'secretariat'], DOCX_RESPONSE)
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  async noticeDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.notice(user, id));
  }
}

/** Papers of a meeting: 次第, 資料一覧 and the whole packet. */
@ApiTags('帳票')
@AuditTarget('meeting')
@Controller('api/meetings')
export class MeetingPapersController {
  constructor(
    private readonly papers: PapersService,
    private readonly word: WordPapersService,
  ) {}

  /** Everyone who may see the meeting (its departments' clerks included). */
  @ApiGet(
    ':id/agenda.pdf',
    '会議の次第の PDF を取得する',
    ['secretariat', 'member', 'chair', 'clerk'],
    PDF_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces('application/pdf')
  async agenda(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.agendaPdf(user, id));
  }

  @ApiGet(
    ':id/agenda.docx',
    '会議の次第の Word 版を取得する',
    ['secretariat', 'member', 'chair', 'clerk'],
    DOCX_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  async agendaDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.agenda(user, id));
  }

  @ApiGet(
    ':id/materials.pdf',
    '会議資料の PDF を取得する',
    ['secretariat', 'member', 'chair', 'clerk'],
    PDF_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces('application/pdf')
  async materials(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.materialsPdf(user, id));
  }

  @ApiGet(
    ':id/materials.docx',
    '会議資料の Word 版を取得する',
    ['secretariat', 'member', 'chair', 'clerk'],
    DOCX_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  async materialsDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.materials(user, id));
  }

  /** 会議録: the secretariat, and members while confirming or once published. */
  @ApiGet(':id/minutes.pdf', '会議録の PDF を取得する', ['secretariat', 'member', 'chair'], PDF_RESPONSE)
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  async minutes(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.minutesPdf(user, id));
  }

  @ApiGet(':id/minutes.docx', '会議録の Word 版を取得する', ['secretariat', 'member', 'chair'], DOCX_RESPONSE)
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  async minutesDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.minutes(user, id));
  }

  /** Every case document of the meeting: the secretariat and the members who attend it. */
  @ApiGet(
    ':id/packet.pdf',
    '会議資料一式（綴り）の PDF を取得する',
    ['secretariat', 'member', 'chair'],
    PDF_RESPONSE,
  )
  @AuditAs('download')
  @ApiProduces('application/pdf')
  async packet(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.packetPdf(user, id));
  }
}
