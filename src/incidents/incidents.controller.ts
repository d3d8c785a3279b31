import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { sendPaper } from '../documents/papers/papers.controller';
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

const flag = (v?: 'true' | 'false') => (v === undefined ? undefined : v === 'true');

/** 個人情報の漏えい等: clerks their department's, the secretariat all; members and admins none. */
@ApiTags('個人情報事故等')
@AuditTarget('incident')
@Controller('api/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '個人情報事故等の一覧を取得する（年度・担当課・報告義務・期限超過で絞り込み）' })
  @Get()
  @ApiOkResponse({ type: [IncidentDto] })
  async list(@CurrentUser() user: AuthUser, @Query() q: IncidentListQueryDto): Promise<IncidentDto[]> {
    const rows = await this.incidents.list(user, {
      fiscalYear: q.fiscalYear,
      departmentId: q.departmentId,
      duty: flag(q.duty),
      overdue: flag(q.overdue),
    });
    return rows.map((v) => IncidentDto.from(v, user));
  }

  @Roles('clerk', 'secretariat')
  @NoAudit()
  @ApiOperation({ summary: '個人情報事故等を登録する' })
  @Post()
  @ApiCreatedResponse({ type: IncidentDto })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateIncidentDto): Promise<IncidentDto> {
    const id = await this.incidents.create(user, dto);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  // Declared before ':id' so that these names are not taken for an id.
  @Roles('secretariat')
  @ApiOperation({
    summary: '年度の個人情報事故等の状況（種類別・担当課別の件数、委員会への報告、本人の数）を取得する',
  })
  @Get('figures')
  @ApiOkResponse({ type: IncidentFiguresDto })
  async figures(@CurrentUser() user: AuthUser, @Query() q: FiscalYearQueryDto): Promise<IncidentFiguresDto> {
    const { from, to } = fiscalYearRange(q.fiscalYear);
    const f = await this.incidents.figures(from, to);
    return { ...f, incidents: f.incidents.map((v) => IncidentDto.from(v, user)) };
  }

  @Roles('secretariat')
  @AuditAs('download')
  @ApiOperation({ summary: '年度の「個人情報事故等の状況」の PDF を取得する' })
  @Get('report.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'COUNCIL_NOT_SET_UP: 審議会の初期設定がまだ行われていない' })
  async reportPdf(
    @Query() q: FiscalYearQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.incidents.reportPdf(q.fiscalYear));
  }

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '個人情報事故等を取得する（報告義務と速報・確報の期限を含む）' })
  @Get(':id')
  @ApiOkResponse({ type: IncidentDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<IncidentDto> {
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  @Roles('clerk', 'secretariat')
  @NoAudit()
  @ApiOperation({ summary: '個人情報事故等の内容を更新する' })
  @Patch(':id')
  @ApiOkResponse({ type: IncidentDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateIncidentDto,
  ): Promise<IncidentDto> {
    await this.incidents.update(user, id, dto);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  @Roles('clerk', 'secretariat')
  @NoAudit()
  @ApiOperation({ summary: '個人情報保護委員会への速報・確報の報告日を記録する' })
  @Post(':id/reports')
  @HttpCode(200)
  @ApiOkResponse({ type: IncidentDto })
  async recordReport(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordReportDto,
  ): Promise<IncidentDto> {
    await this.incidents.recordReport(user, id, dto);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }

  @Roles('clerk', 'secretariat')
  @NoAudit()
  @ApiOperation({ summary: '個人情報事故等の状態を進める（調査開始・対応完了・調査再開）' })
  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: IncidentDto })
  async transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: IncidentTransitionDto,
  ): Promise<IncidentDto> {
    await this.incidents.transition(user, id, dto.action, dto.comment, dto.version);
    return IncidentDto.from(await this.incidents.get(user, id), user);
  }
}
