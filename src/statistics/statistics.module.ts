import { Module } from '@nestjs/common';
import { ViewsModule } from '../views/views.module';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';
import { StatisticsWebController } from './web/statistics-web.controller';

@Module({
  imports: [ViewsModule],
  controllers: [StatisticsController, StatisticsWebController],
  providers: [StatisticsService],
})
export class StatisticsModule {}
