import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { BinService } from './bin.service';
import { BinAttachmentDto, BinCaseDto, BinDto } from './dto/bin.dto';
import { IdParam } from '../common/http/id.pipe';
import { ApiGet, ApiWrite } from '../common/openapi/route';

/** The bin of deleted drafts and attachments (30 days), for the secretariat. */
@ApiTags('ごみ箱')
@AuditTarget('case')
@Roles('secretariat')
@Controller('api/bin')
export class BinController {
  constructor(private readonly bin: BinService) {}

  @ApiGet('', 'ごみ箱の一覧を取得する', 'controller', BinDto)
  async list(): Promise<BinDto> {
    const r = await this.bin.list();
    return {
      cases: r.cases.map(BinCaseDto.from),
      attachments: r.attachments.map(BinAttachmentDto.from),
      retentionDays: r.retentionDays,
    };
  }

  // Restores are audited inside the service transaction.
  @NoAudit()
  @ApiWrite('post', 'cases/:id/restore', 'ごみ箱の事案を元に戻す', 'controller')
  async restoreCase(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<void> {
    await this.bin.restoreCase(user, id);
  }

  @NoAudit()
  @ApiWrite('post', 'attachments/:id/restore', 'ごみ箱の添付資料を元に戻す', 'controller')
  async restoreAttachment(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<void> {
    await this.bin.restoreAttachment(user, id);
  }
}
