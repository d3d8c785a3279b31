import { Body, Controller, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { AssessmentService } from './assessment.service';
import { CatalogService } from './catalog.service';
import { AssessmentAnswersDto, AssessmentResultDto } from './dto/assessment.dto';
import {
  ClauseSetDto,
  ClauseSetVersionDto,
  CreateClauseSetDto,
  CreateLegalBasisDto,
  LegalBasisDto,
  ReviseClauseSetDto,
  UpdateLegalBasisDto,
} from './dto/catalog.dto';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

@ApiTags('条例の根拠・特記事項')
@AuditTarget('legalBasis')
@Controller('api/legal-bases')
export class LegalBasesController {
  constructor(private readonly catalog: CatalogService) {}

  @ApiGet('', '条例の根拠の一覧を取得する', 'authenticated', [LegalBasisDto])
  async list(@Query('includeRetired') includeRetired?: string): Promise<LegalBasisDto[]> {
    const rows = await this.catalog.listBases(includeRetired !== 'false');
    return rows.map((r) => LegalBasisDto.from(r.basis, r.usage));
  }

  @NoAudit()
  @ApiCreate('', '条例の根拠を登録する', ['admin'], LegalBasisDto)
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateLegalBasisDto): Promise<LegalBasisDto> {
    return LegalBasisDto.from(await this.catalog.createBasis(actor, dto));
  }

  @NoAudit()
  @ApiWrite('patch', ':id', '条例の根拠を変更する', ['admin'], LegalBasisDto)
  async update(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateLegalBasisDto,
  ): Promise<LegalBasisDto> {
    await this.catalog.updateBasis(actor, id, dto);
    const { basis, usage } = await this.catalog.getBasis(id);
    return LegalBasisDto.from(basis, usage);
  }

  @NoAudit()
  @ApiWrite('delete', ':id', '条例の根拠を廃止する', ['admin'])
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.catalog.deleteBasis(actor, id);
  }
}

@ApiTags('条例の根拠・特記事項')
@AuditTarget('clauseSet')
@Controller('api/clause-sets')
export class ClauseSetsController {
  constructor(private readonly catalog: CatalogService) {}

  @ApiGet('', '特記事項の一覧を取得する', 'authenticated', [ClauseSetDto])
  async list(): Promise<ClauseSetDto[]> {
    return (await this.catalog.listClauseSets()).map((s) => ClauseSetDto.from(s.set, s.versions));
  }

  @ApiGet(':id', '特記事項（最新版）を取得する', 'authenticated', ClauseSetDto)
  async get(@IdParam() id: string): Promise<ClauseSetDto> {
    const { set, versions } = await this.catalog.getClauseSet(id);
    return ClauseSetDto.from(set, versions);
  }

  @ApiGet(':id/versions/:number', '特記事項の特定の版を取得する', 'authenticated', ClauseSetVersionDto)
  async version(
    @IdParam() id: string,
    @Param('number', ParseIntPipe) number: number,
  ): Promise<ClauseSetVersionDto> {
    return ClauseSetVersionDto.from(await this.catalog.getClauseSetVersion(id, number));
  }

  @NoAudit()
  @ApiCreate('', '特記事項を登録する', ['admin'], ClauseSetDto)
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateClauseSetDto): Promise<ClauseSetDto> {
    const set = await this.catalog.createClauseSet(actor, dto);
    const { versions } = await this.catalog.getClauseSet(set.id);
    return ClauseSetDto.from(set, versions);
  }

  /** Edits the set by adding its next version. */
  @NoAudit()
  @ApiWrite('put', ':id', '特記事項を改訂する（新しい版）', ['admin'], ClauseSetDto)
  async revise(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: ReviseClauseSetDto,
  ): Promise<ClauseSetDto> {
    await this.catalog.reviseClauseSet(actor, id, dto);
    const { set, versions } = await this.catalog.getClauseSet(id);
    return ClauseSetDto.from(set, versions);
  }
}

@ApiTags('事案')
@Controller('api/assessment')
export class AssessmentController {
  constructor(private readonly assessment: AssessmentService) {}

  /** Which legal bases and sheets the answers call for; cites a categorical consultation that covers them. */
  @ApiWrite('post', '', '諮問・報告の要否を判定する', ['clerk', 'secretariat', 'admin'], AssessmentResultDto)
  assess(@Body() answers: AssessmentAnswersDto): Promise<AssessmentResultDto> {
    return this.assessment.assess(answers);
  }
}
