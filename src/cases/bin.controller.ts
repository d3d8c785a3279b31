import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { BinService } from './bin.service';
import { BinAttachmentDto, BinCaseDto, BinDto } from './dto/bin.dto';
import { IdParam } from '../common/http/id.pipe';

/** The bin of deleted drafts and attachments (30 days), for the secretariat. */
@ApiTags('ごみ箱')
@AuditTarget('case')
@Roles('secretariat')
@Controller('api/bin')
export class BinController {
  constructor(private readonly bin: BinService) {}

  @ApiOperation({ summary: 'ごみ箱の一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: BinDto })
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
  @ApiOperation({ summary: 'ごみ箱の事案を元に戻す' })
  @Post('cases/:id/restore')
  @HttpCode(204)
  async restoreCase(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<void> {
    await this.bin.restoreCase(user, id);
  }

  @NoAudit()
  @ApiOperation({ summary: 'ごみ箱の添付資料を元に戻す' })
  @Post('attachments/:id/restore')
  @HttpCode(204)
  async restoreAttachment(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<void> {
    await this.bin.restoreAttachment(user, id);
  }
}
