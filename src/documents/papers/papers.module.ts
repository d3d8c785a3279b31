import { MinutesModule } from '../../minutes/minutes.module';
import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { MeetingsModule } from '../../meetings/meetings.module';
import { RepliesModule } from '../../replies/replies.module';
import { DocumentsModule } from '../documents.module';
import { WordPapersModule } from '../docx/word-papers.module';
import { CasePapersController, MeetingPapersController } from './papers.controller';
import { PapersService } from './papers.service';
import { PapersWebController } from './papers-web.controller';

/** Downloads of the council's papers (PDF, and Word copies) and the case document preview (HTML). */
@Module({
  imports: [DocumentsModule, CasesModule, MeetingsModule, RepliesModule, MinutesModule, WordPapersModule],
  controllers: [CasePapersController, MeetingPapersController, PapersWebController],
  providers: [PapersService],
})
export class PapersModule {}
