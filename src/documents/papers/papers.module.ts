import { MinutesModule } from '../../minutes/minutes.module';
import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { MeetingsModule } from '../../meetings/meetings.module';
import { RepliesModule } from '../../replies/replies.module';
import { DocumentsModule } from '../documents.module';
import {
  CasePapersController,
  MeetingPapersController,
  PublicMinutesPdfController,
} from './papers.controller';
import { PapersService } from './papers.service';
import { PapersWebController } from './papers-web.controller';

/** Downloads of the council's papers (PDF) and the case document preview (HTML). */
@Module({
  imports: [DocumentsModule, CasesModule, MeetingsModule, RepliesModule, MinutesModule],
  controllers: [
    CasePapersController,
    MeetingPapersController,
    PublicMinutesPdfController,
    PapersWebController,
  ],
  providers: [PapersService],
})
export class PapersModule {}
