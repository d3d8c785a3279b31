import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiOperation, ApiConflictResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { DOCX_CONTENT_TYPE, WordPapersService, type WordFile } from '../docx/word-papers.service';
import { attachmentDisposition } from './content-disposition';
import { PapersService, type PaperFile } from './papers.service';

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
  @ApiOperation({ summary: '諮問書・報告書の PDF を取得する' })
  @Get(':id/document.pdf')
  @Roles('clerk', 'secretariat', 'member', 'chair')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async caseDocument(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.caseDocumentPdf(user, id));
  }

  @ApiOperation({ summary: '諮問書・報告書の Word 版を取得する' })
  @Get(':id/document.docx')
  @Roles('clerk', 'secretariat', 'member', 'chair')
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse(DOCX_RESPONSE)
  async caseDocumentDocx(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.caseDocument(user, id));
  }

  /** 答申書: the secretariat, members and the chair; the department once it is issued. */
  @ApiOperation({ summary: '答申書の PDF を取得する' })
  @Get(':id/reply.pdf')
  @Roles('clerk', 'secretariat', 'member', 'chair')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async reply(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.replyPdf(user, id));
  }

  @ApiOperation({ summary: '答申書の Word 版を取得する' })
  @Get(':id/reply.docx')
  @Roles('clerk', 'secretariat', 'member', 'chair')
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse(DOCX_RESPONSE)
  async replyDocx(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.reply(user, id));
  }

  /** Notice of the outcome to the department: the secretariat and the department itself. */
  @ApiOperation({ summary: '通知書の PDF を取得する' })
  @Get(':id/notice.pdf')
  @Roles('clerk', 'secretariat')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async notice(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.noticePdf(user, id));
  }

  @ApiOperation({ summary: '通知書の Word 版を取得する' })
  @Get(':id/notice.docx')
  @Roles('clerk', 'secretariat')
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse(DOCX_RESPONSE)
  async noticeDocx(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
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
  @ApiOperation({ summary: '会議の次第の PDF を取得する' })
  @Get(':id/agenda.pdf')
  @Roles('secretariat', 'member', 'chair', 'clerk')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async agenda(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.agendaPdf(user, id));
  }

  @ApiOperation({ summary: '会議の次第の Word 版を取得する' })
  @Get(':id/agenda.docx')
  @Roles('secretariat', 'member', 'chair', 'clerk')
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse(DOCX_RESPONSE)
  async agendaDocx(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.agenda(user, id));
  }

  @ApiOperation({ summary: '会議資料の PDF を取得する' })
  @Get(':id/materials.pdf')
  @Roles('secretariat', 'member', 'chair', 'clerk')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async materials(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.materialsPdf(user, id));
  }

  @ApiOperation({ summary: '会議資料の Word 版を取得する' })
  @Get(':id/materials.docx')
  @Roles('secretariat', 'member', 'chair', 'clerk')
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse(DOCX_RESPONSE)
  async materialsDocx(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.materials(user, id));
  }

  /** 会議録: the secretariat, and members while confirming or once published. */
  @ApiOperation({ summary: '会議録の PDF を取得する' })
  @Get(':id/minutes.pdf')
  @Roles('secretariat', 'member', 'chair')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  async minutes(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.minutesPdf(user, id));
  }

  @ApiOperation({ summary: '会議録の Word 版を取得する' })
  @Get(':id/minutes.docx')
  @Roles('secretariat', 'member', 'chair')
  @AuditAs('download')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse(DOCX_RESPONSE)
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  async minutesDocx(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.minutes(user, id));
  }

  /** Every case document of the meeting: the secretariat and the members who attend it. */
  @ApiOperation({ summary: '会議資料一式（綴り）の PDF を取得する' })
  @Get(':id/packet.pdf')
  @Roles('secretariat', 'member', 'chair')
  @AuditAs('download')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  async packet(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.packetPdf(user, id));
  }
}
