import { Controller, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditTarget } from '../audit/audit.decorators';
import type { PlatformAdminUser } from '../auth/auth-user';
import { CurrentPrincipal, PlatformAdminOnly } from '../auth/decorators';
import { IdParam } from '../common/http/id.pipe';
import { PlatformAdminDto } from './dto/platform-council.dto';
import { PlatformAdminsService } from './platform-admins.service';
import { ApiGet, ApiWrite } from '../common/openapi/route';

/** The platform administrators' accounts, for the platform administrators alone. */
@ApiTags('プラットフォーム管理')
@AuditTarget('user')
@PlatformAdminOnly()
@Controller('api/platform/admins')
export class PlatformAdminsController {
  constructor(private readonly admins: PlatformAdminsService) {}

  @ApiGet('', 'プラットフォーム管理者のアカウントの一覧を取得する', 'controller', [PlatformAdminDto])
  list(): Promise<PlatformAdminDto[]> {
    return this.admins.list();
  }

  @ApiWrite(
    'post',
    ':id/disable',
    '別のプラットフォーム管理者のアカウントを利用停止にする（ログイン中のセッションも終わる）',
    'controller',
    PlatformAdminDto,
  )
  @ApiNotFoundResponse({ description: 'PLATFORM_ADMIN_NOT_FOUND: そのアカウントはない' })
  @ApiConflictResponse({
    description:
      'PLATFORM_LAST_ADMIN: 有効な管理者がいなくなる / PLATFORM_CANNOT_DISABLE_SELF: 自分自身は停止できない',
  })
  disable(
    @CurrentPrincipal() user: PlatformAdminUser,
    @IdParam() id: string,
    @Req() req: Request,
  ): Promise<PlatformAdminDto> {
    return this.admins.setDisabled(user, id, true, req.ip ?? null);
  }

  @ApiWrite(
    'post',
    ':id/enable',
    '利用停止したプラットフォーム管理者のアカウントを再び使えるようにする',
    'controller',
    PlatformAdminDto,
  )
  @ApiNotFoundResponse({ description: 'PLATFORM_ADMIN_NOT_FOUND: そのアカウントはない' })
  enable(
    @CurrentPrincipal() user: PlatformAdminUser,
    @IdParam() id: string,
    @Req() req: Request,
  ): Promise<PlatformAdminDto> {
    return this.admins.setDisabled(user, id, false, req.ip ?? null);
  }
}
