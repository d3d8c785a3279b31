import { Body, Controller, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { NoAudit } from '../../audit/audit.decorators';
import { Public } from '../../auth/decorators';
import { CouncilCreatedDto, CreateCouncilDto, SetupStatusDto } from './council-setup.dto';
import { CouncilSetupService } from './council-setup.service';
import { ApiCreate, ApiGet } from '../../common/openapi/route';

/** First-run setup over the API (the `/setup` page and `npm run council:create` do the same). */
@ApiTags('初期設定')
@Controller('api/setup')
export class CouncilSetupController {
  constructor(private readonly setup: CouncilSetupService) {}

  @Public()
  @ApiGet('', '初期設定が必要かどうかと、選べる目録を取得する', 'controller', SetupStatusDto)
  async status(): Promise<SetupStatusDto> {
    return { needed: await this.setup.needed(), catalogues: this.setup.catalogues() };
  }

  /** Works only while the installation has no council; afterwards 409 COUNCIL_ALREADY_SET_UP. */
  @Public()
  @NoAudit()
  @ApiCreate('', '審議会を初期設定する（審議会がまだないときだけ）', 'controller', CouncilCreatedDto)
  @ApiConflictResponse({ description: 'COUNCIL_ALREADY_SET_UP: 審議会はすでに設定されています' })
  create(@Body() dto: CreateCouncilDto, @Req() req: Request): Promise<CouncilCreatedDto> {
    return this.setup.create(dto, { via: 'api', ip: req.ip ?? null });
  }
}
