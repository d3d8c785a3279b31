import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Req } from '@nestjs/common';
import {
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
import { PlatformCouncilDto, UpdatePlatformCouncilDto } from './dto/platform-council.dto';
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
}
