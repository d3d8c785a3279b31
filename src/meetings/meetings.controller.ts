import { Body, Controller, Param, UploadedFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AcceptsFile } from '../cases/attachment-upload.interceptor';
import type { UploadedFileLike } from '../cases/attachments.service';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
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
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

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

  @ApiGet('', '会議の一覧を取得する', ['secretariat', 'member', 'chair', 'clerk'], [MeetingDto])
  async list(@CurrentUser() user: AuthUser): Promise<MeetingDto[]> {
    return (await this.meetings.list(user)).map((m) => MeetingDto.from(m, user));
  }

  @ApiCreate('', '会議を登録する', ['secretariat'], MeetingDto)
  @NoAudit()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateMeetingDto): Promise<MeetingDto> {
    return MeetingDto.from(await this.meetings.create(user, dto), user);
  }

  @ApiGet(':id', '会議を取得する', ['secretariat', 'member', 'chair', 'clerk'], MeetingDetailDto)
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<MeetingDetailDto> {
    return MeetingDetailDto.fromDetail(await this.view.detail(user, id), user);
  }

  @ApiGet(
    ':id/agenda-document',
    '会議の次第の内容を取得する',
    ['secretariat', 'member', 'chair', 'clerk'],
    AgendaDocumentDto,
  )
  async agendaDocument(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<AgendaDocument> {
    return this.view.agendaDocument(user, id);
  }

  @ApiWrite('patch', ':id', '会議の日時・場所などを変更する', ['secretariat'], MeetingDto)
  @NoAudit()
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateMeetingDto,
  ): Promise<MeetingDto> {
    return MeetingDto.from(await this.meetings.update(user, id, dto), user);
  }

  /** convene / hold / close */
  @ApiWrite(
    'post',
    ':id/state/:action',
    '会議の状態を進める（開催通知・開催・終了など）',
    ['secretariat'],
    MeetingDto,
  )
  @NoAudit()
  async transition(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Param('action') action: string,
    @Body() dto: MeetingActionDto,
  ): Promise<MeetingDto> {
    if (!meetingMachine.isAction(action)) throw WorkflowErrors.unknownAction(action);
    return MeetingDto.from(await this.meetings.transition(user, id, action, dto.version), user);
  }

  @ApiWrite('put', ':id/attendance', '委員の出欠を記録する', ['secretariat'])
  @NoAudit()
  async attendance(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: SetAttendanceDto,
  ): Promise<void> {
    await this.meetings.setAttendance(user, id, dto);
  }

  @ApiCreate(':id/attendees', '出席する職員を追加する', ['secretariat'], IdDto)
  @NoAudit()
  async addStaff(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AddStaffDto,
  ): Promise<{ id: string }> {
    return { id: (await this.meetings.addStaff(user, id, dto)).id };
  }

  @ApiWrite('delete', ':id/attendees/:attendeeId', '出席する職員を外す', ['secretariat'])
  @NoAudit()
  async removeStaff(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('attendeeId') attendeeId: string,
  ): Promise<void> {
    await this.meetings.removeStaff(user, id, attendeeId);
  }

  // ---- agenda ----

  @ApiCreate(':id/agenda/cases', '議事に事案を加える', ['secretariat'], IdDto)
  @NoAudit()
  async addCase(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AddCaseDto,
  ): Promise<{ id: string }> {
    return { id: (await this.agenda.addCase(user, id, dto.caseId)).id };
  }

  @ApiCreate(':id/agenda/reports', '議事に報告事項を加える', ['secretariat'], IdDto)
  @NoAudit()
  async addReport(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AddReportDto,
  ): Promise<{ id: string }> {
    return { id: (await this.agenda.addSecretariatReport(user, id, dto.title)).id };
  }

  /** One action: every open condition becomes a report item of this meeting. */
  @ApiCreate(':id/agenda/condition-reports', '議事に附帯条件の履行報告を加える', ['secretariat'], IdsDto)
  @NoAudit()
  async addConditionReports(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AddConditionReportsDto,
  ): Promise<{ ids: string[] }> {
    return { ids: (await this.agenda.addConditionReports(user, id, dto.conditionIds)).map((i) => i.id) };
  }

  @ApiWrite('post', ':id/agenda/reorder', '議事の順序を並べ替える', ['secretariat'])
  @NoAudit()
  async reorder(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: ReorderDto,
  ): Promise<void> {
    await this.agenda.reorder(user, id, dto);
  }

  @ApiCreate(':id/agenda/groups', '議事をまとめて一括審議にする', ['secretariat'], GroupIdDto)
  @NoAudit()
  async group(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: GroupDto,
  ): Promise<{ groupId: string }> {
    return { groupId: await this.agenda.group(user, id, dto.itemIds) };
  }

  @ApiWrite('delete', ':id/agenda/:itemId/group', '一括審議のまとまりを解く', ['secretariat'])
  @NoAudit()
  async ungroup(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ): Promise<void> {
    await this.agenda.ungroup(user, id, itemId);
  }

  @ApiWrite('delete', ':id/agenda/:itemId', '議事を外す', ['secretariat'])
  @NoAudit()
  async removeItem(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ): Promise<void> {
    await this.agenda.removeItem(user, id, itemId);
  }

  @ApiWrite('patch', ':id/agenda/:itemId', '議事の設定を変更する', ['secretariat'])
  @NoAudit()
  async options(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: ItemOptionsDto,
  ): Promise<void> {
    await this.agenda.setOptions(user, id, itemId, dto);
  }

  @ApiCreate(':id/agenda/:itemId/documents', '議事に資料を加える', ['secretariat'], IdDto)
  @NoAudit()
  async addDocument(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: AddDocumentDto,
  ): Promise<{ id: string }> {
    return { id: (await this.agenda.addDocument(user, id, itemId, dto.title)).id };
  }

  @ApiWrite('delete', ':id/documents/:documentId', '会議の資料を外す', ['secretariat'])
  @NoAudit()
  async removeDocument(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('documentId') documentId: string,
  ): Promise<void> {
    await this.agenda.removeDocument(user, id, documentId);
  }

  // ---- files of report items (報告事項), printed in the packet like case attachments ----

  @ApiCreate(
    ':id/agenda/:itemId/files',
    '報告事項のファイルをアップロードする',
    ['secretariat'],
    ReportFileDto,
  )
  @NoAudit()
  @AcceptsFile()
  async uploadReportFile(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Body() meta: { title?: unknown },
  ): Promise<ReportFileData> {
    const title = typeof meta?.title === 'string' ? meta.title.slice(0, 200) : undefined;
    return this.reportFiles.upload(user, id, itemId, file, title);
  }

  /** The same readers as the meeting packet the files are printed in. */
  @ApiGet(
    ':id/agenda/:itemId/files',
    '報告事項のファイルの一覧を取得する',
    ['secretariat', 'member', 'chair'],
    [ReportFileDto],
  )
  async reportFilesOf(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ): Promise<ReportFileData[]> {
    await this.view.detail(user, id);
    return this.reportFiles.list(id, itemId);
  }

  @ApiWrite('delete', ':id/agenda/:itemId/files/:fileId', '報告事項のファイルを削除する', ['secretariat'])
  @NoAudit()
  async removeReportFile(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @IdParam('fileId') fileId: string,
  ): Promise<void> {
    await this.reportFiles.remove(user, id, itemId, fileId);
  }
}
