import { Controller } from '@nestjs/common';
import { ApiTags, ApiConflictResponse } from '@nestjs/swagger';
import { AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators';
import { WordPapersService, type WordFile } from '../docx/word-papers.service';
import { PapersService, type PaperFile } from './papers.service';
import { ApiPaper } from './paper-route';
import { IdParam } from '../../common/http/id.pipe';

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
  caseDocument(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.caseDocumentPdf(user, id);
  }

  @ApiPaper(':id/document.docx', '諮問書・報告書の Word 版を取得する', [
    'clerk',
    'secretariat',
    'member',
    'chair',
  ])
  caseDocumentDocx(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<WordFile> {
    return this.word.caseDocument(user, id);
  }

  /** 答申書: the secretariat, members and the chair; the department once it is issued. */
  @ApiPaper(':id/reply.pdf', '答申書の PDF を取得する', ['clerk', 'secretariat', 'member', 'chair'])
  reply(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.replyPdf(user, id);
  }

  @ApiPaper(':id/reply.docx', '答申書の Word 版を取得する', ['clerk', 'secretariat', 'member', 'chair'])
  replyDocx(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<WordFile> {
    return this.word.reply(user, id);
  }

  /** Notice of the outcome to the department: the secretariat and the department itself. */
  @ApiPaper(':id/notice.pdf', '通知書の PDF を取得する', ['clerk', 'secretariat'])
  notice(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.noticePdf(user, id);
  }

  @ApiPaper(':id/notice.docx', '通知書の Word 版を取得する', ['clerk', 'secretariat'])
  noticeDocx(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<WordFile> {
    return this.word.notice(user, id);
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
  agenda(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.agendaPdf(user, id);
  }

  @ApiPaper(':id/agenda.docx', '会議の次第の Word 版を取得する', ['secretariat', 'member', 'chair', 'clerk'])
  agendaDocx(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<WordFile> {
    return this.word.agenda(user, id);
  }

  @ApiPaper(':id/materials.pdf', '会議資料の PDF を取得する', ['secretariat', 'member', 'chair', 'clerk'])
  materials(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.materialsPdf(user, id);
  }

  @ApiPaper(':id/materials.docx', '会議資料の Word 版を取得する', ['secretariat', 'member', 'chair', 'clerk'])
  materialsDocx(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<WordFile> {
    return this.word.materials(user, id);
  }

  /** 会議録: the secretariat, and members while confirming or once published. */
  @ApiPaper(':id/minutes.pdf', '会議録の PDF を取得する', ['secretariat', 'member', 'chair'])
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  minutes(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.minutesPdf(user, id);
  }

  @ApiPaper(':id/minutes.docx', '会議録の Word 版を取得する', ['secretariat', 'member', 'chair'])
  @ApiConflictResponse({ description: '会議録がまだ印刷できる状態にない' })
  minutesDocx(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<WordFile> {
    return this.word.minutes(user, id);
  }

  /** Every case document of the meeting: the secretariat and the members who attend it. */
  @ApiPaper(':id/packet.pdf', '会議資料一式（綴り）の PDF を取得する', ['secretariat', 'member', 'chair'])
  packet(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.packetPdf(user, id);
  }
}
