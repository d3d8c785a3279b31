import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StandingReportRegistry } from '../../standing-reports/standing-report.registry';
import { fiscalYearOf } from '../../workflow/numbering';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, jst, num, str } from '../../views/form';
import { CaseWorkflowDto } from '../../workflow/dto/workflow.dto';
import { WorkflowService } from '../../workflow/workflow.service';
import {
  AddStaffDto,
  CreateMeetingDto,
  MeetingActionDto,
  SetAttendanceDto,
  UpdateMeetingDto,
} from '../dto/meeting.dto';
import { MeetingDetailDto, MeetingDto } from '../dto/meeting-response.dto';
import { MeetingFormOptionsService } from '../meeting-form-options.service';
import { meetingMachine } from '../meeting-state-machine';
import { MeetingViewService } from '../meeting-view.service';
import { MeetingsService } from '../meetings.service';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** The meeting list and a meeting's page: details, state, attendance and who else attends. */
@ApiExcludeController()
@Controller()
export class MeetingsWebController {
  constructor(
    private readonly views: Views,
    private readonly standingReports: StandingReportRegistry,
    private readonly meetings: MeetingsService,
    private readonly view: MeetingViewService,
    private readonly workflow: WorkflowService,
    private readonly options: MeetingFormOptionsService,
  ) {}

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('meetings')
  async meetingList(@Res() res: Response, @CurrentUser() user: AuthUser) {
    const meetings = (await this.meetings.list(user)).map((m) => MeetingDto.from(m));
    this.views.page(res, 'council/meetings', '会議', {
      meetings,
      canCreate: user.role === 'secretariat',
    });
  }

  @FormRoute('meetings', 'secretariat')
  async createMeeting(@Res() res: Response, @Form() { user, body }: FormPost) {
    await act(res, { back: '/meetings', notice: '会議を登録しました。' }, async () => {
      const dto = await formDto(CreateMeetingDto, {
        number: num(body.number),
        startsAt: jst(body.startsAt),
        endsAt: jst(body.endsAt),
        place: str(body.place),
      });
      await this.meetings.create(user, dto);
    });
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('meetings/:id')
  async meetingPage(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const d = MeetingDetailDto.fromDetail(await this.view.detail(user, id), user);
    const secretariat = user.role === 'secretariat';
    const accepted = secretariat
      ? (await this.workflow.listCases(user, 'accepted')).map((c) => CaseWorkflowDto.from(c))
      : [];
    const roster = secretariat ? await this.options.roster(id) : [];
    const departments = secretariat ? await this.options.activeDepartments() : [];
    const present = new Set(
      d.attendees.filter((a) => a.attendance === 'present').map((a) => a.councilMemberId),
    );
    const listed = new Set(d.attendees.map((a) => a.councilMemberId));
    this.views.page(res, 'council/meeting', `${d.title} 会議`, {
      m: d,
      secretariat,
      canDownloadPacket: user.role !== 'clerk',
      editable: secretariat && ['planned', 'convened'].includes(d.state),
      frozen: d.state !== 'planned',
      open: d.state === 'held',
      actions: d.allowedActions.map((a) => ({
        action: a,
        label: meetingMachine.table[a as keyof typeof meetingMachine.table].label,
      })),
      members: d.attendees.filter((a) => a.category === 'member'),
      staff: d.attendees.filter((a) => a.category !== 'member'),
      otherMembers: roster
        .filter((r) => !listed.has(r.id))
        .map((r) => ({ id: r.id, name: r.name, term: `${r.termStart}〜${r.termEnd}` })),
      presentCount: present.size,
      accepted,
      departments,
      standingReports: secretariat
        ? this.standingReports.all().map(({ kind, title }) => ({ kind, title }))
        : [],
      fiscalYearNow: fiscalYearOf(new Date()),
      sections: [
        { key: 'consultation', title: '諮問事項', items: d.consultations },
        { key: 'report', title: '報告事項', items: d.reports },
      ],
    });
  }

  @FormRoute('meetings/:id/edit', 'secretariat')
  async editMeeting(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/meetings/${id}`, notice: '会議の情報を保存しました。' }, async () => {
      const dto = await formDto(UpdateMeetingDto, {
        version: num(body.version),
        place: str(body.place) || undefined,
        startsAt: jst(body.startsAt),
        endsAt: jst(body.endsAt),
        otherNotes: str(body.otherNotes),
      });
      await this.meetings.update(user, id, dto);
    });
  }

  @FormRoute('meetings/:id/state', 'secretariat')
  async meetingState(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const action = str(body.action);
    await act(res, { back: `/meetings/${id}`, notice: '会議の状態を更新しました。' }, async () => {
      if (!meetingMachine.isAction(action))
        throw new AppError('WORKFLOW_UNKNOWN_ACTION', 400, '操作を選んでください。');
      const dto = await formDto(MeetingActionDto, { version: num(body.version) });
      await this.meetings.transition(user, id, action, dto.version);
    });
  }

  @FormRoute('meetings/:id/attendance', 'secretariat')
  async attendance(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/meetings/${id}#attendance`, notice: '出欠を記録しました。' }, async () => {
      const dto = await formDto(SetAttendanceDto, {
        councilMemberId: str(body.councilMemberId),
        attendance: str(body.attendance),
      });
      await this.meetings.setAttendance(user, id, dto);
    });
  }

  @FormRoute('meetings/:id/attendees', 'secretariat')
  async addStaff(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    await act(res, { back: `/meetings/${id}#attendance`, notice: '出席者を追加しました。' }, async () => {
      if (str(body.remove)) return this.meetings.removeStaff(user, id, str(body.remove));
      const dto = await formDto(AddStaffDto, {
        category: str(body.category),
        name: str(body.name),
        position: str(body.position) || undefined,
        departmentId: str(body.departmentId) || undefined,
        agendaItemId: str(body.agendaItemId) || undefined,
      });
      await this.meetings.addStaff(user, id, dto);
    });
  }
}
