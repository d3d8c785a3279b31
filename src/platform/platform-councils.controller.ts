import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { CouncilCreatedDto, CreateCouncilDto } from '../council/setup/council-setup.dto';
import type { CouncilAction } from './council-state-machine';
import {
  CouncilStateChangeDto,
  PlatformCouncilDto,
  UpdatePlatformCouncilDto,
} from './dto/platform-council.dto';
import { PlatformCouncilsService } from './platform-councils.service';

const ONLY_PLATFORM = 'プラットフォーム管理者以外（審議会の利用者は管理者を含めて利用できない）';

/** The councils of the deployment, for the platform administrator alone (no council's contents). */
@ApiTags('プラットフォーム管理')
@AuditTarget('council')
@PlatformAdminOnly()
@Controller('api/platform/councils')
export class PlatformCouncilsController {
  constructor(private readonly councils: PlatformCouncilsService) {}

  @ApiOperation({ summary: '審議会の一覧（利用者・事案・会議の件数つき）を取得する' })
  @Get()
  @ApiOkResponse({ type: [PlatformCouncilDto] })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
  list(): Promise<PlatformCouncilDto[]> {
    return this.councils.list();
  }

  @ApiOperation({ summary: '審議会を追加する（事務局・目録・最初の管理者も登録する）' })
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CouncilCreatedDto })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
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

  @ApiOperation({ summary: '審議会の名称・自治体名・実施機関・URL の英字名を変更する' })
  @Patch(':id')
  @ApiOkResponse({ type: PlatformCouncilDto })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
  @ApiNotFoundResponse({ description: 'PLATFORM_COUNCIL_NOT_FOUND: その番号の審議会はない' })
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

  @ApiOperation({
    summary:
      '審議会の利用を停止する（理由つき。利用者のログインとトークン、公開ポータル、定期処理が止まる。データはそのまま）',
  })
  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: PlatformCouncilDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: 理由がない' })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
  @ApiNotFoundResponse({ description: 'PLATFORM_COUNCIL_NOT_FOUND: その番号の審議会はない' })
  @ApiConflictResponse({ description: 'WORKFLOW_TRANSITION_NOT_ALLOWED: すでに利用停止中' })
  suspend(
    @CurrentPrincipal() user: PlatformAdminUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CouncilStateChangeDto,
    @Req() req: Request,
  ): Promise<PlatformCouncilDto> {
    return this.changeState(user, id, 'suspend', dto, req);
  }

  @ApiOperation({ summary: '利用停止中の審議会の利用を再開する（理由つき。停止前のデータのまま戻る）' })
  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: PlatformCouncilDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: 理由がない' })
  @ApiForbiddenResponse({ description: ONLY_PLATFORM })
  @ApiNotFoundResponse({ description: 'PLATFORM_COUNCIL_NOT_FOUND: その番号の審議会はない' })
  @ApiConflictResponse({ description: 'WORKFLOW_TRANSITION_NOT_ALLOWED: 利用中（停止されていない）' })
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
