import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { ApiPaper } from '../documents/papers/paper-route';
import type { PaperFile } from '../documents/papers/papers.service';
import type { WordFile } from '../documents/docx/word-papers.service';
import {
  AddedReportItemDto,
  AddStandingReportsDto,
  StandingReportDto,
  StandingReportKindDto,
  StandingReportQueryDto,
} from './dto/standing-report.dto';
import { StandingReportsService } from './standing-reports.service';
import { ApiCreate, ApiGet } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

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

  @ApiPaper(':kind/report.pdf', '定例報告の PDF', ['secretariat', 'admin'])
  pdf(@Param('kind') kind: string, @Query() q: StandingReportQueryDto): Promise<PaperFile> {
    return this.reports.pdf(kind, q);
  }

  @ApiPaper(':kind/report.docx', '定例報告の Word ファイル（.docx）', ['secretariat', 'admin'])
  docx(@Param('kind') kind: string, @Query() q: StandingReportQueryDto): Promise<WordFile> {
    return this.reports.docx(kind, q);
  }
}

@ApiTags('定例報告')
@AuditTarget('meeting')
@Controller('api/meetings')
export class MeetingStandingReportsController {
  constructor(private readonly reports: StandingReportsService) {}

  @ApiCreate(
    ':id/agenda/standing-reports',
    '定例報告を作成し、資料（PDF）付きの報告事項として議題に追加する',
    ['secretariat'],
    [AddedReportItemDto],
  )
  add(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AddStandingReportsDto,
  ): Promise<AddedReportItemDto[]> {
    return this.reports.addToAgenda(user, id, dto);
  }
}
