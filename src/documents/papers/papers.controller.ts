import { applyDecorators, Controller, Res, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags, ApiConflictResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators';
import { DOCX_CONTENT_TYPE, WordPapersService, type WordFile } from '../docx/word-papers.service';
import { attachmentDisposition } from './content-disposition';
import { PapersService, type PaperFile } from './papers.service';
import { ApiGet, type Access } from '../../common/openapi/route';
import { IdParam } from '../../common/http/id.pipe';

const FILE = { schema: { type: 'string', format: 'binary' } } as const;
const PDF = { type: 'application/pdf', ok: { description: 'PDF', ...FILE } } as const;
const DOCX = { type: DOCX_CONTENT_TYPE, ok: { description: 'Word (.docx)', ...FILE } } as const;

/** A paper download: `GET path` (its name ends in .pdf or .docx), audited as a download, typed in OpenAPI. */
export function ApiPaper(path: string, summary: string, who: Access) {
  const format = path.endsWith('.docx') ? DOCX : PDF;
  return applyDecorators(
    ApiGet(path, summary, who, format.ok),
    AuditAs('download'),
    ApiProduces(format.type),
  );
}

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
  @ApiPaper(':id/document.pdf', '諮問書・報告書の PDF を取得する', [
    'clerk',
    'secretariat',
    'member',
    'chair',
  ])
  async caseDocument(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.caseDocumentPdf(user, id));
  }

  @ApiPaper(':id/document.docx', '諮問書・報告書の Word 版を取得する', [
    'clerk',
    'secretariat',
    'member',
    'chair',
  ])
  async caseDocumentDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.caseDocument(user, id));
  }

  /** 答申書: the secretariat, members and the chair; the department once it is issued. */
  @ApiPaper(':id/reply.pdf', '答申書の PDF を取得する', ['clerk', 'secretariat', 'member', 'chair'])
  async reply(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.replyPdf(user, id));
  }

  @ApiPaper(':id/reply.docx', '答申書の Word 版を取得する', ['clerk', 'secretariat', 'member', 'chair'])
  async replyDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.reply(user, id));
  }

  /** Notice of the outcome to the department: the secretariat and the department itself. */
  @ApiPaper(':id/notice.pdf', '通知書の PDF を取得する', ['clerk', 'secretariat'])
  async notice(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.noticePdf(user, id));
  }

  @ApiPaper(':id/notice.docx', '通知書の Word 版を取得する', ['clerk', 'secretariat'])
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
  @ApiPaper(':id/agenda.pdf', '会議の次第の PDF を取得する', ['secretariat', 'member', 'chair', 'clerk'])
  async agenda(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.agendaPdf(user, id));
  }

  @ApiPaper(':id/agenda.docx', '会議の次第の Word 版を取得する', ['secretariat', 'member', 'chair', 'clerk'])
  async agendaDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.agenda(user, id));
  }

  @ApiPaper(':id/materials.pdf', '会議資料の PDF を取得する', ['secretariat', 'member', 'chair', 'clerk'])
  async materials(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.materialsPdf(user, id));
  }

  @ApiPaper(':id/materials.docx', '会議資料の Word 版を取得する', ['secretariat', 'member', 'chair', 'clerk'])
  async materialsDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.materials(user, id));
  }

  /** 会議録: the secretariat, and members while confirming or once published. */
  @ApiPaper(':id/minutes.pdf', '会議録の PDF を取得する', ['secretariat', 'member', 'chair'])
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  async minutes(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.minutesPdf(user, id));
  }

  @ApiPaper(':id/minutes.docx', '会議録の Word 版を取得する', ['secretariat', 'member', 'chair'])
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  async minutesDocx(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.word.minutes(user, id));
  }

  /** Every case document of the meeting: the secretariat and the members who attend it. */
  @ApiPaper(':id/packet.pdf', '会議資料一式（綴り）の PDF を取得する', ['secretariat', 'member', 'chair'])
  async packet(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.packetPdf(user, id));
  }
}
