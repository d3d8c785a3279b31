import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import { StatisticsDto, StatisticsQueryDto } from './dto/statistics.dto';
import { StatisticsService } from './statistics.service';
import { ApiGet } from '../common/openapi/route';

@ApiTags('統計')
@AuditTarget('statistics')
@Controller('api/statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @ApiGet(
    '',
    '統計（年度別・根拠別の件数、答申までの日数、付帯意見・条件の推移）',
    ['secretariat', 'admin'],
    StatisticsDto,
  )
  figures(@Query() q: StatisticsQueryDto): Promise<StatisticsDto> {
    return this.statistics.figures(q);
  }
}
