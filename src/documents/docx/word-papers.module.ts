import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { MeetingsModule } from '../../meetings/meetings.module';
import { MinutesModule } from '../../minutes/minutes.module';
import { RepliesModule } from '../../replies/replies.module';
import { DocumentsModule } from '../documents.module';
import { PapersService } from '../papers/papers.service';
import { PDF_RENDERER } from '../renderer/pdf-renderer';
import { DocxRenderer, WordPapersService } from './word-papers.service';

/**
 * Word copies of the papers. This module's own PapersService gets DocxRenderer as its renderer (a
 * module's providers come before what it imports), so every paper is built, and access-checked, by
 * the same code as its PDF.
 */
@Module({
  imports: [DocumentsModule, CasesModule, MeetingsModule, RepliesModule, MinutesModule],
  providers: [{ provide: PDF_RENDERER, useClass: DocxRenderer }, PapersService, WordPapersService],
  exports: [WordPapersService],
})
export class WordPapersModule {}
