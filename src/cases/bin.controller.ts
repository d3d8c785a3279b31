import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { BinService } from './bin.service';
import { BinAttachmentDto, BinCaseDto, BinDto } from './dto/bin.dto';

/** The bin of deleted drafts and attachments (30 days), for the secretariat. */
@ApiTags('bin')
@AuditTarget('case')
@Roles('secretariat')
@Controller('api/bin')
export class BinController {
  constructor(private readonly bin: BinService) {}

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
  @Post('cases/:id/restore')
  @HttpCode(204)
  async restoreCase(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    await this.bin.restoreCase(user, id);
  }

  @NoAudit()
  @Post('attachments/:id/restore')
  @HttpCode(204)
  async restoreAttachment(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    await this.bin.restoreAttachment(user, id);
  }
}
