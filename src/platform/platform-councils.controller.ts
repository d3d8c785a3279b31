import { applyDecorators, Body, Controller, Param, ParseIntPipe, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditTarget } from '../audit/audit.decorators';
import type { PlatformAdminUser } from '../auth/auth-user';
import { CurrentPrincipal, PlatformAdminOnly } from '../auth/decorators';
import { CouncilCreatedDto, CreateCouncilDto } from '../council/setup/council-setup.dto';
import type { CouncilAction } from './council-state-machine';
import {
  CouncilStateChangeDto,
  PlatformCouncilDto,
  UpdatePlatformCouncilDto,
} from './dto/platform-council.dto';
import { PlatformCouncilsService } from './platform-councils.service';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';

const COUNCIL_NOT_FOUND = { description: 'PLATFORM_COUNCIL_NOT_FOUND: その番号の審議会はない' };

/** A council's suspend or resume: `POST :id/<action>` with a reason, refused with 409 `conflict` in the wrong state. */
const CouncilStateRoute = (action: CouncilAction, summary: string, conflict: string) =>
  applyDecorators(
    ApiWrite('post', `:id/${action}`, summary, 'controller', PlatformCouncilDto),
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED: 理由がない' }),
    ApiNotFoundResponse(COUNCIL_NOT_FOUND),
    ApiConflictResponse({ description: `WORKFLOW_TRANSITION_NOT_ALLOWED: ${conflict}` }),
  );

/** The councils of the deployment, for the platform administrator alone (no council's contents). */
@ApiTags('プラットフォーム管理')
@AuditTarget('council')
@PlatformAdminOnly()
@Controller('api/platform/councils')
export class PlatformCouncilsController {
  constructor(private readonly councils: PlatformCouncilsService) {}

  @ApiGet('', '審議会の一覧（利用者・事案・会議の件数つき）を取得する', 'controller', [PlatformCouncilDto])
  list(): Promise<PlatformCouncilDto[]> {
    return this.councils.list();
  }

  @ApiCreate('', '審議会を追加する（事務局・目録・最初の管理者も登録する）', 'controller', CouncilCreatedDto)
  @ApiConflictResponse({
    description:
      'COUNCIL_SLUG_TAKEN: 英字名が使われている / USER_USERNAME_TAKEN: 管理者のユーザー名が使われている',
  })
  create(
    @CurrentPrincipal() user: PlatformAdminUser,
    @Body() dto: CreateCouncilDto,
    @Req() req: Request,
  ): Promise<CouncilCreatedDto> {
    return this.councils.create(user, dto, req.ip ?? null);
  }

  @ApiWrite(
    'patch',
    ':id',
    '審議会の名称・自治体名・実施機関・URL の英字名を変更する',
    'controller',
    PlatformCouncilDto,
  )
  @ApiNotFoundResponse(COUNCIL_NOT_FOUND)
  @ApiConflictResponse({
    description: 'STALE_VERSION: 他の変更と重なった / COUNCIL_SLUG_TAKEN: 英字名が使われている',
  })
  update(
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdatePlatformCouncilDto,
    @Req() req: Request,
  ): Promise<PlatformCouncilDto> {
    return this.councils.update(user, id, dto, req.ip ?? null);
  }

  @CouncilStateRoute(
    'suspend',
    '審議会の利用を停止する（理由つき。利用者のログインとトークン、公開ポータル、定期処理が止まる。データはそのまま）',
    'すでに利用停止中',
  )
  suspend(
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CouncilStateChangeDto,
    @Req() req: Request,
  ): Promise<PlatformCouncilDto> {
    return this.changeState(user, id, 'suspend', dto, req);
  }

  @CouncilStateRoute(
    'resume',
    '利用停止中の審議会の利用を再開する（理由つき。停止前のデータのまま戻る）',
    '利用中（停止されていない）',
  )
  resume(
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CouncilStateChangeDto,
    @Req() req: Request,
  ): Promise<PlatformCouncilDto> {
    return this.changeState(user, id, 'resume', dto, req);
  }

  private changeState(
    user: PlatformAdminUser,
    id: number,
    action: CouncilAction,
    dto: CouncilStateChangeDto,
    req: Request,
  ): Promise<PlatformCouncilDto> {
    return this.councils.changeState(user, id, action, dto.reason, req.ip ?? null);
  }
}
