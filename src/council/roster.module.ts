import { Module } from '@nestjs/common';
import { ViewsModule } from '../views/views.module';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';
import { RosterWebController } from './web/roster-web.controller';

/** The council's roster (委員名簿) and its members' accounts. */
@Module({
  imports: [ViewsModule],
  controllers: [RosterController, RosterWebController],
  providers: [RosterService],
  exports: [RosterService],
})
export class RosterModule {}
