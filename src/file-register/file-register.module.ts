import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ViewsModule } from '../views/views.module';
import { FileRegisterController } from './file-register.controller';
import { FileRegisterService } from './file-register.service';
import { FileRegisterWebController } from './web/file-register-web.controller';
import { PublicFileRegisterController } from './web/public-file-register.controller';
import { FileRegisterPdfService } from './file-register-pdf.service';
import { RegisterStandingReport } from './register-standing-report';

/** 個人情報ファイル簿: entries, their history, the proposals of approved cases, the public register. */
@Module({
  imports: [ViewsModule, DocumentsModule],
  controllers: [FileRegisterController, FileRegisterWebController, PublicFileRegisterController],
  providers: [FileRegisterService, FileRegisterPdfService, RegisterStandingReport],
  exports: [FileRegisterService],
})
export class FileRegisterModule {}
