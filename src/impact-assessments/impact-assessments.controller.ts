import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { AttachmentUploadInterceptor } from '../cases/attachment-upload.interceptor';
import type { UploadedFileLike } from '../cases/attachments.service';
import { IdPipe } from '../common/http/id.pipe';
import { DOCX_CONTENT_TYPE } from '../documents/docx/word-papers.service';
import { sendPaper, sendWord } from '../documents/papers/papers.controller';
import {
  AssessmentFactsDto,
  CreateFindingDto,
  CreateImpactAssessmentDto,
  FindingAnswerDto,
  FindingDecisionDto,
  FindingDto,
  ImpactAssessmentDto,
  ImpactAssessmentSummaryDto,
  SaveChecklistDto,
  SignificantChangeDto,
  ThresholdDto,
  UpdateImpactAssessmentDto,
} from './dto/impact-assessment.dto';
import { toDetailDto, toSummaryDto, toThresholdDto } from './dto/impact-assessment.mapper';
import { ImpactAssessmentsService } from './impact-assessments.service';
import { ResultPapersService } from './result-papers.service';
import { judgeThreshold } from './threshold';

const READERS = ['clerk', 'secretariat', 'member', 'chair'] as const;
const FILE = { schema: { type: 'string', format: 'binary' } } as const;

/**
 * 特定個人情報保護評価の第三者点検. `:id` is the id of the review's case: who sees a review is who sees
 * its case (the case-access policy).
 */
@ApiTags('特定個人情報保護評価の第三者点検')
@AuditTarget('impactAssessment')
@Controller('api/impact-assessments')
export class ImpactAssessmentsController {
  constructor(
    private readonly assessments: ImpactAssessmentsService,
    private readonly papers: ResultPapersService,
  ) {}

  @Roles(...READERS)
  @ApiOperation({ summary: '第三者点検の一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: [ImpactAssessmentSummaryDto] })
  async list(@CurrentUser() user: AuthUser): Promise<ImpactAssessmentSummaryDto[]> {
    return (await this.assessments.list(user)).map(toSummaryDto);
  }

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '再評価が近い・期限を過ぎた・重要な変更があった評価の一覧を取得する' })
  @Get('reminders')
  @ApiOkResponse({ type: [ImpactAssessmentSummaryDto] })
  async reminders(@CurrentUser() user: AuthUser): Promise<ImpactAssessmentSummaryDto[]> {
    return (await this.assessments.reminders(user)).map(toSummaryDto);
  }

  @Roles(...READERS)
  @NoAudit()
  @ApiOperation({ summary: 'しきい値判断の結果を計算する（保存はしない）' })
  @Post('threshold')
  @HttpCode(200)
  @ApiOkResponse({ type: ThresholdDto })
  threshold(@Body() dto: AssessmentFactsDto): ThresholdDto {
    return toThresholdDto(judgeThreshold(dto));
  }

  /** JSON, or multipart with the 評価書 in field `file`. */
  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '第三者点検の依頼（評価の内容と評価書）を作成する' })
  @Post()
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiCreatedResponse({ type: ImpactAssessmentDto })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateImpactAssessmentDto,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<ImpactAssessmentDto> {
    const id = await this.assessments.create(user, dto, file);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @Roles(...READERS)
  @ApiOperation({ summary: '第三者点検を取得する（しきい値判断・点検項目・指摘事項を含む）' })
  @Get(':id')
  @ApiOkResponse({ type: ImpactAssessmentDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ImpactAssessmentDto> {
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '評価の内容を修正する（作成中・差戻しの間）' })
  @Put(':id')
  @ApiOkResponse({ type: ImpactAssessmentDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateImpactAssessmentDto,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.update(user, id, dto);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '評価書（PDF・Word・Excel）を添付する' })
  @Post(':id/documents')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiCreatedResponse({ type: ImpactAssessmentDto })
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.uploadDocument(user, id, file);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '点検を開始する（標準の点検項目を用意する）' })
  @Post(':id/checklist')
  @ApiCreatedResponse({ type: ImpactAssessmentDto })
  async startReview(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.startReview(user, id);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '点検項目の結果と結論を保存する' })
  @Put(':id/checklist')
  @ApiOkResponse({ type: ImpactAssessmentDto })
  async saveChecklist(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: SaveChecklistDto,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.saveChecklist(user, id, dto);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '指摘事項を登録する' })
  @Post(':id/findings')
  @ApiCreatedResponse({ type: FindingDto })
  async addFinding(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: CreateFindingDto,
  ): Promise<FindingDto> {
    const f = await this.assessments.addFinding(user, id, dto);
    return this.finding(user, id, f.id);
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '指摘事項に回答する（担当課）' })
  @Post(':id/findings/:findingId/answer')
  @HttpCode(200)
  @ApiOkResponse({ type: FindingDto })
  async answer(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('findingId', IdPipe) findingId: string,
    @Body() dto: FindingAnswerDto,
  ): Promise<FindingDto> {
    await this.assessments.moveFinding(user, id, findingId, 'answer', dto);
    return this.finding(user, id, findingId);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '指摘事項への回答を了承して完了にする（事務局）' })
  @Post(':id/findings/:findingId/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: FindingDto })
  async accept(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('findingId', IdPipe) findingId: string,
    @Body() dto: FindingDecisionDto,
  ): Promise<FindingDto> {
    await this.assessments.moveFinding(user, id, findingId, 'accept', dto);
    return this.finding(user, id, findingId);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '指摘事項への再回答を依頼する（事務局、理由が必要）' })
  @Post(':id/findings/:findingId/return')
  @HttpCode(200)
  @ApiOkResponse({ type: FindingDto })
  async returnAnswer(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('findingId', IdPipe) findingId: string,
    @Body() dto: FindingDecisionDto,
  ): Promise<FindingDto> {
    await this.assessments.moveFinding(user, id, findingId, 'return', dto);
    return this.finding(user, id, findingId);
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '重要な変更を記録する（再評価が必要になる）' })
  @Post(':id/significant-change')
  @HttpCode(200)
  @ApiOkResponse({ type: ImpactAssessmentDto })
  async significantChange(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: SignificantChangeDto,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.recordSignificantChange(user, id, dto);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @Roles(...READERS)
  @AuditAs('download')
  @ApiOperation({ summary: '点検結果の PDF を取得する' })
  @Get(':id/result.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', ...FILE })
  async resultPdf(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendPaper(res, await this.papers.pdf(user, id));
  }

  @Roles(...READERS)
  @AuditAs('download')
  @ApiOperation({ summary: '点検結果の Word 版を取得する' })
  @Get(':id/result.docx')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Word (.docx)', ...FILE })
  async resultDocx(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendWord(res, await this.papers.docx(user, id));
  }

  private async finding(user: AuthUser, id: string, findingId: string): Promise<FindingDto> {
    const detail = toDetailDto(await this.assessments.detail(user, id), user);
    return detail.findings.find((f) => f.id === findingId)!;
  }
}
