import { Controller, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost } from '../../auth/decorators';
import { AttachmentUploadInterceptor } from '../../cases/attachment-upload.interceptor';
import type { UploadedFileLike } from '../../cases/attachments.service';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { ReportFilesService } from '../report-files.service';
import { FormRoute } from '../../views/form-route';

/** The agenda screen's upload and delete of a report item's files (報告事項). */
@ApiExcludeController()
@Controller()
export class ReportFilesWebController {
  constructor(private readonly files: ReportFilesService) {}

  @FormRoute('meetings/:id/agenda/:itemId/files', 'secretariat')
  @UseInterceptors(AttachmentUploadInterceptor)
  async upload(
    @Res() res: Response,
    @Form() { user, body }: FormPost,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @UploadedFile() file: UploadedFileLike | undefined,
  ) {
    const title = typeof body?.title === 'string' ? body.title.slice(0, 200) : undefined;
    await act(res, { back: `/meetings/${id}#agenda`, notice: 'ファイルを添付しました。' }, () =>
      this.files.upload(user, id, itemId, file, title),
    );
  }

  @FormRoute('meetings/:id/agenda/:itemId/files/:fileId/delete', 'secretariat')
  async remove(
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @IdParam('fileId') fileId: string,
  ) {
    await act(res, { back: `/meetings/${id}#agenda`, notice: 'ファイルを削除しました。' }, () =>
      this.files.remove(user, id, itemId, fileId),
    );
  }
}
