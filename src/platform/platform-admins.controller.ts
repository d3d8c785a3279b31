import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditTarget } from '../audit/audit.decorators';
import type { PlatformAdminUser } from '../auth/auth-user';
import { CurrentPrincipal, PlatformAdminOnly } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { PlatformAdminDto } from './dto/platform-council.dto';
import { PlatformAdminsService } from './platform-admins.service';

const ONLY_PLATFORM = 'プラットフォーム管理者以外（審議会の利用者は管理者を含めて利用できない）';

/** The platform administrators' accounts, for the platform administrators alone. */
@ApiTags('プラットフォーム管理')
@AuditTarget('user')
@PlatformAdminOnly()
@Controller('api/platform/admins')
export class PlatformAdminsController {
  constructor(private readonly admins: PlatformAdminsService) {}

  @ApiOperation({ summary: 'プラットフォーム管理者のアカウントの一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: [PlatformAdminDto] })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
  list(): Promise<PlatformAdminDto[]> {
    return this.admins.list();
  }

  @ApiOperation({
    summary: '別のプラットフォーム管理者のアカウントを利用停止にする（ログイン中のセッションも終わる）',
  })
  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: PlatformAdminDto })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
  @ApiNotFoundResponse({ description: 'PLATFORM_ADMIN_NOT_FOUND: そのアカウントはない' })
  @ApiConflictResponse({
    description:
      'PLATFORM_LAST_ADMIN: 有効な管理者がいなくなる / PLATFORM_CANNOT_DISABLE_SELF: 自分自身は停止できない',
  })
  disable(
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
  ): Promise<PlatformAdminDto> {
    return this.admins.setDisabled(user, id, true, req.ip ?? null);
  }

  @ApiOperation({ summary: '利用停止したプラットフォーム管理者のアカウントを再び使えるようにする' })
  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: PlatformAdminDto })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
  @ApiNotFoundResponse({ description: 'PLATFORM_ADMIN_NOT_FOUND: そのアカウントはない' })
  enable(
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
  ): Promise<PlatformAdminDto> {
    return this.admins.setDisabled(user, id, false, req.ip ?? null);
  }
}
