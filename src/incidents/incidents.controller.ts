import { Body, Controller, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { ApiPaper } from '../documents/papers/paper-route';
import type { PaperFile } from '../documents/papers/papers.service';
import {
  CreateIncidentDto,
  FiscalYearQueryDto,
  IncidentDto,
  IncidentFiguresDto,
  IncidentListQueryDto,
  IncidentTransitionDto,
  RecordReportDto,
  UpdateIncidentDto,
} from './dto/incident.dto';
import { fiscalYearRange, IncidentsService } from './incidents.service';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

const flag = (v?: 'true' | 'false') => (v === undefined ? undefined : v === 'true');

/** 個人情報の漏えい等: clerks their department's, the secretariat all; members and admins none. */
@ApiTags('個人情報事故等')
@AuditTarget('incident')
@Controller('api/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @ApiGet(
    '',
    '個人情報事故等の一覧を取得する（年度・担当課・報告義務・期限超過で絞り込み）',
    ['clerk', 'secretariat'],
    [IncidentDto],
  )
  async list(@CurrentUser() user: AuthUser, @Query() q: IncidentListQueryDto): Promise<IncidentDto[]> {
    const rows = await this.incidents.list(user, {
      fiscalYear: q.fiscalYear,
      departmentId: q.departmentId,
      duty: flag(q.duty),
      overdue: flag(q.overdue),
    });
    return rows.map((v) => IncidentDto.from(v, user));
  }

  @ApiCreate('', '個人情報事故等を登録する', ['clerk', 'secretariat'], IncidentDto)
  @NoAudit()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateIncidentDto): Promise<IncidentDto> {
    const id = await this.incidents.create(user, dto);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  // Declared before ':id' so that these names are not taken for an id.
  @ApiGet(
    'figures',
    '年度の個人情報事故等の状況（種類別・担当課別の件数、委員会への報告、本人の数）を取得する',
    ['secretariat'],
    IncidentFiguresDto,
  )
  async figures(@CurrentUser() user: AuthUser, @Query() q: FiscalYearQueryDto): Promise<IncidentFiguresDto> {
    const { from, to } = fiscalYearRange(q.fiscalYear);
    const f = await this.incidents.figures(from, to);
    return { ...f, incidents: f.incidents.map((v) => IncidentDto.from(v, user)) };
  }

  @ApiPaper('report.pdf', '年度の「個人情報事故等の状況」の PDF を取得する', ['secretariat'])
  @ApiConflictResponse({ description: 'COUNCIL_NOT_SET_UP: 審議会の初期設定がまだ行われていない' })
  reportPdf(@Query() q: FiscalYearQueryDto): Promise<PaperFile> {
    return this.incidents.reportPdf(q.fiscalYear);
  }

  @ApiGet(
    ':id',
    '個人情報事故等を取得する（報告義務と速報・確報の期限を含む）',
    ['clerk', 'secretariat'],
    IncidentDto,
  )
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<IncidentDto> {
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  @ApiWrite('patch', ':id', '個人情報事故等の内容を更新する', ['clerk', 'secretariat'], IncidentDto)
  @NoAudit()
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateIncidentDto,
  ): Promise<IncidentDto> {
    await this.incidents.update(user, id, dto);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  @ApiWrite(
    'post',
    ':id/reports',
    '個人情報保護委員会への速報・確報の報告日を記録する',
    ['clerk', 'secretariat'],
    IncidentDto,
  )
  @NoAudit()
  async recordReport(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: RecordReportDto,
  ): Promise<IncidentDto> {
    await this.incidents.recordReport(user, id, dto);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  @ApiWrite(
    'post',
    ':id/transitions',
    '個人情報事故等の状態を進める（調査開始・対応完了・調査再開）',
    ['clerk', 'secretariat'],
    IncidentDto,
  )
  @NoAudit()
  async transition(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: IncidentTransitionDto,
  ): Promise<IncidentDto> {
    await this.incidents.transition(user, id, dto.action, dto.comment, dto.version);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }
}
