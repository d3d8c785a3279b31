import { Body, Controller, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { sendPaper, sendWord } from '../documents/papers/papers.controller';
import {
  AddedReportItemDto,
  AddStandingReportsDto,
  StandingReportDto,
  StandingReportKindDto,
  StandingReportQueryDto,
} from './dto/standing-report.dto';
import { StandingReportsService } from './standing-reports.service';
import { ApiGet } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

const FILE = { schema: { type: 'string', format: 'binary' } } as const;

@ApiTags('定例報告')
@AuditTarget('standingReport')
@Controller('api/standing-reports')
export class StandingReportsController {
  constructor(private readonly reports: StandingReportsService) {}

  @ApiGet(
    '',
    '作成できる定例報告の一覧（登録状況・運用状況・事故等の状況）',
    ['secretariat', 'admin'],
    [StandingReportKindDto],
  )
  kinds(): StandingReportKindDto[] {
    return this.reports.kinds();
  }

  @ApiGet(':kind', '定例報告の内容（対象期間の集計）', ['secretariat', 'admin'], StandingReportDto)
  report(@Param('kind') kind: string, @Query() q: StandingReportQueryDto): Promise<StandingReportDto> {
    return this.reports.report(kind, q) as Promise<StandingReportDto>;
  }

  @ApiGet(':kind/report.pdf', '定例報告の PDF', ['secretariat', 'admin'], { description: 'PDF', ...FILE })
  @AuditAs('download')
  @ApiProduces('application/pdf')
  async pdf(
    @Param('kind') kind: string,
    @Query() q: StandingReportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.reports.pdf(kind, q));
  }

  @ApiGet(':kind/report.docx', '定例報告の Word ファイル（.docx）', ['secretariat', 'admin'], {
    description: 'Word (.docx)',
    ...FILE,
  })
  @AuditAs('download')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async docx(
    @Param('kind') kind: string,
    @Query() q: StandingReportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.reports.docx(kind, q));
  }
}

@ApiTags('定例報告')
@AuditTarget('meeting')
@Controller('api/meetings')
export class MeetingStandingReportsController {
  constructor(private readonly reports: StandingReportsService) {}

  @Roles('secretariat')
  @Post(':id/agenda/standing-reports')
  @HttpCode(201)
  @ApiOperation({ summary: '定例報告を作成し、資料（PDF）付きの報告事項として議題に追加する' })
  @ApiCreatedResponse({ type: [AddedReportItemDto] })
  add(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AddStandingReportsDto,
  ): Promise<AddedReportItemDto[]> {
    return this.reports.addToAgenda(user, id, dto);
  }
}
