import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { Views } from '../../views/views';
import { BinService } from '../bin.service';
import { BinAttachmentDto, BinCaseDto } from '../dto/bin.dto';
import { FormRoute } from '../../views/form-route';

/** ごみ箱: the secretariat's page of deleted drafts and attachments, with restore buttons. */
@ApiExcludeController()
@AuditTarget('case')
@Roles('secretariat')
@Controller('bin')
export class BinWebController {
  constructor(
    private readonly views: Views,
    private readonly bin: BinService,
  ) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response) {
    const r = await this.bin.list();
    const restored = typeof req.query.restored === 'string' ? req.query.restored : null;
    this.views.page(res, 'bin/index', 'ごみ箱', {
      cases: r.cases.map(BinCaseDto.from),
      attachments: r.attachments.map(BinAttachmentDto.from),
      retentionDays: r.retentionDays,
      notice:
        restored === 'case'
          ? '事案を復元しました。'
          : restored === 'attachment'
            ? '添付資料を復元しました。'
            : null,
    });
  }

  @FormRoute('cases/:id/restore')
  async restoreCase(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    await this.bin.restoreCase(user, id);
    res.redirect(303, '/bin?restored=case');
  }

  @FormRoute('attachments/:id/restore')
  async restoreAttachment(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    await this.bin.restoreAttachment(user, id);
    res.redirect(303, '/bin?restored=attachment');
  }
}
