import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { AttachmentUploadInterceptor } from '../cases/attachment-upload.interceptor';
import type { UploadedFileLike } from '../cases/attachments.service';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { WorkflowErrors } from '../workflow/state-machine';
import type { AgendaDocument } from './agenda-document';
import { AgendaService } from './agenda.service';
import {
  AddCaseDto,
  AddConditionReportsDto,
  AddDocumentDto,
  AddReportDto,
  GroupDto,
  ItemOptionsDto,
  ReorderDto,
} from './dto/agenda.dto';
import {
  AddStaffDto,
  CreateMeetingDto,
  MeetingActionDto,
  SetAttendanceDto,
  UpdateMeetingDto,
} from './dto/meeting.dto';
import { MeetingDetailDto, MeetingDto } from './dto/meeting-response.dto';
import { meetingMachine } from './meeting-state-machine';
import { MeetingViewService } from './meeting-view.service';
import { MeetingsService } from './meetings.service';
import { ReportFilesService, type ReportFileData } from './report-files.service';
import { AgendaDocumentDto } from './dto/agenda-answers.dto';
import { IdDto } from './dto/agenda-answers.dto';
import { IdsDto } from './dto/agenda-answers.dto';
import { GroupIdDto } from './dto/agenda-answers.dto';
import { ReportFileDto } from './dto/agenda-answers.dto';

/** Meetings, attendance and the agenda builder. Writes are audited in their services. */
@ApiTags('会議')
@AuditTarget('meeting')
@Controller('api/meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly view: MeetingViewService,
    private readonly agenda: AgendaService,
    private readonly reportFiles: ReportFilesService,
  ) {}

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @ApiOperation({ summary: '会議の一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: [MeetingDto] })
  async list(@CurrentUser() user: AuthUser): Promise<MeetingDto[]> {
    return (await this.meetings.list(user)).map((m) => MeetingDto.from(m, user));
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議を登録する' })
  @Post()
  @ApiCreatedResponse({ type: MeetingDto })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateMeetingDto): Promise<MeetingDto> {
    return MeetingDto.from(await this.meetings.create(user, dto), user);
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @ApiOperation({ summary: '会議を取得する' })
  @Get(':id')
  @ApiOkResponse({ type: MeetingDetailDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<MeetingDetailDto> {
    return MeetingDetailDto.fromDetail(await this.view.detail(user, id), user);
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @ApiOperation({ summary: '会議の次第の内容を取得する' })
  @Get(':id/agenda-document')
  @ApiOkResponse({ type: AgendaDocumentDto })
  async agendaDocument(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<AgendaDocument> {
    return this.view.agendaDocument(user, id);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議の日時・場所などを変更する' })
  @Patch(':id')
  @ApiOkResponse({ type: MeetingDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateMeetingDto,
  ): Promise<MeetingDto> {
    return MeetingDto.from(await this.meetings.update(user, id, dto), user);
  }

  /** convene / hold / close */
  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議の状態を進める（開催通知・開催・終了など）' })
  @Post(':id/state/:action')
  @HttpCode(200)
  @ApiOkResponse({ type: MeetingDto })
  async transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('action') action: string,
    @Body() dto: MeetingActionDto,
  ): Promise<MeetingDto> {
    if (!meetingMachine.isAction(action)) throw WorkflowErrors.unknownAction(action);
    return MeetingDto.from(await this.meetings.transition(user, id, action, dto.version), user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '委員の出欠を記録する' })
  @Put(':id/attendance')
  @HttpCode(204)
  async attendance(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: SetAttendanceDto,
  ): Promise<void> {
    await this.meetings.setAttendance(user, id, dto);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '出席する職員を追加する' })
  @Post(':id/attendees')
  @ApiCreatedResponse({ type: IdDto })
  async addStaff(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: AddStaffDto,
  ): Promise<{ id: string }> {
    return { id: (await this.meetings.addStaff(user, id, dto)).id };
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '出席する職員を外す' })
  @Delete(':id/attendees/:attendeeId')
  @HttpCode(204)
  async removeStaff(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('attendeeId', IdPipe) attendeeId: string,
  ): Promise<void> {
    await this.meetings.removeStaff(user, id, attendeeId);
  }

  // ---- agenda ----

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事に事案を加える' })
  @Post(':id/agenda/cases')
  @ApiCreatedResponse({ type: IdDto })
  async addCase(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: AddCaseDto,
  ): Promise<{ id: string }> {
    return { id: (await this.agenda.addCase(user, id, dto.caseId)).id };
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事に報告事項を加える' })
  @Post(':id/agenda/reports')
  @ApiCreatedResponse({ type: IdDto })
  async addReport(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: AddReportDto,
  ): Promise<{ id: string }> {
    return { id: (await this.agenda.addSecretariatReport(user, id, dto.title)).id };
  }

  /** One action: every open condition becomes a report item of this meeting. */
  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事に附帯条件の履行報告を加える' })
  @Post(':id/agenda/condition-reports')
  @ApiCreatedResponse({ type: IdsDto })
  async addConditionReports(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: AddConditionReportsDto,
  ): Promise<{ ids: string[] }> {
    return { ids: (await this.agenda.addConditionReports(user, id, dto.conditionIds)).map((i) => i.id) };
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事の順序を並べ替える' })
  @Post(':id/agenda/reorder')
  @HttpCode(204)
  async reorder(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ReorderDto,
  ): Promise<void> {
    await this.agenda.reorder(user, id, dto);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事をまとめて一括審議にする' })
  @Post(':id/agenda/groups')
  @ApiCreatedResponse({ type: GroupIdDto })
  async group(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: GroupDto,
  ): Promise<{ groupId: string }> {
    return { groupId: await this.agenda.group(user, id, dto.itemIds) };
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '一括審議のまとまりを解く' })
  @Delete(':id/agenda/:itemId/group')
  @HttpCode(204)
  async ungroup(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
  ): Promise<void> {
    await this.agenda.ungroup(user, id, itemId);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事を外す' })
  @Delete(':id/agenda/:itemId')
  @HttpCode(204)
  async removeItem(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
  ): Promise<void> {
    await this.agenda.removeItem(user, id, itemId);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事の設定を変更する' })
  @Patch(':id/agenda/:itemId')
  @HttpCode(204)
  async options(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: ItemOptionsDto,
  ): Promise<void> {
    await this.agenda.setOptions(user, id, itemId, dto);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '議事に資料を加える' })
  @Post(':id/agenda/:itemId/documents')
  @ApiCreatedResponse({ type: IdDto })
  async addDocument(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: AddDocumentDto,
  ): Promise<{ id: string }> {
    return { id: (await this.agenda.addDocument(user, id, itemId, dto.title)).id };
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '会議の資料を外す' })
  @Delete(':id/documents/:documentId')
  @HttpCode(204)
  async removeDocument(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('documentId', IdPipe) documentId: string,
  ): Promise<void> {
    await this.agenda.removeDocument(user, id, documentId);
  }

  // ---- files of report items (報告事項), printed in the packet like case attachments ----

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '報告事項のファイルをアップロードする' })
  @Post(':id/agenda/:itemId/files')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiCreatedResponse({ type: ReportFileDto })
  async uploadReportFile(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Body() meta: { title?: unknown },
  ): Promise<ReportFileData> {
    const title = typeof meta?.title === 'string' ? meta.title.slice(0, 200) : undefined;
    return this.reportFiles.upload(user, id, itemId, file, title);
  }

  /** The same readers as the meeting packet the files are printed in. */
  @Roles('secretariat', 'member', 'chair')
  @ApiOperation({ summary: '報告事項のファイルの一覧を取得する' })
  @Get(':id/agenda/:itemId/files')
  @ApiOkResponse({ type: [ReportFileDto] })
  async reportFilesOf(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
  ): Promise<ReportFileData[]> {
    await this.view.detail(user, id);
    return this.reportFiles.list(id, itemId);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '報告事項のファイルを削除する' })
  @Delete(':id/agenda/:itemId/files/:fileId')
  @HttpCode(204)
  async removeReportFile(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('itemId', IdPipe) itemId: string,
    @Param('fileId', IdPipe) fileId: string,
  ): Promise<void> {
    await this.reportFiles.remove(user, id, itemId, fileId);
  }
}
