import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import { Roles } from '../auth/decorators';
import { StatisticsDto, StatisticsQueryDto } from './dto/statistics.dto';
import { StatisticsService } from './statistics.service';

@ApiTags('統計')
@AuditTarget('statistics')
@Controller('api/statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Roles('secretariat', 'admin')
  @Get()
  @ApiOperation({ summary: '統計（年度別・根拠別の件数、答申までの日数、付帯意見・条件の推移）' })
  @ApiOkResponse({ type: StatisticsDto })
  figures(@Query() q: StatisticsQueryDto): Promise<StatisticsDto> {
    return this.statistics.figures(q);
  }
}
