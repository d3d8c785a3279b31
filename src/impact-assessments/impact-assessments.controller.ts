import { Body, Controller, UploadedFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { AcceptsFile } from '../cases/attachment-upload.interceptor';
import type { UploadedFileLike } from '../cases/attachments.service';
import { ApiPaper } from '../documents/papers/paper-route';
import type { PaperFile } from '../documents/papers/papers.service';
import type { WordFile } from '../documents/docx/word-papers.service';
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
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

const READERS = ['clerk', 'secretariat', 'member', 'chair'] as const;

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

  @ApiGet('', '第三者点検の一覧を取得する', READERS, [ImpactAssessmentSummaryDto])
  async list(@CurrentUser() user: AuthUser): Promise<ImpactAssessmentSummaryDto[]> {
    return (await this.assessments.list(user)).map(toSummaryDto);
  }

  @ApiGet(
    'reminders',
    '再評価が近い・期限を過ぎた・重要な変更があった評価の一覧を取得する',
    ['clerk', 'secretariat'],
    [ImpactAssessmentSummaryDto],
  )
  async reminders(@CurrentUser() user: AuthUser): Promise<ImpactAssessmentSummaryDto[]> {
    return (await this.assessments.reminders(user)).map(toSummaryDto);
  }

  @ApiWrite('post', 'threshold', 'しきい値判断の結果を計算する（保存はしない）', READERS, ThresholdDto)
  @NoAudit()
  threshold(@Body() dto: AssessmentFactsDto): ThresholdDto {
    return toThresholdDto(judgeThreshold(dto));
  }

  /** JSON, or multipart with the 評価書 in field `file`. */
  @ApiCreate('', '第三者点検の依頼（評価の内容と評価書）を作成する', ['clerk'], ImpactAssessmentDto)
  @NoAudit()
  @AcceptsFile('application/json')
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateImpactAssessmentDto,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<ImpactAssessmentDto> {
    const id = await this.assessments.create(user, dto, file);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @ApiGet(
    ':id',
    '第三者点検を取得する（しきい値判断・点検項目・指摘事項を含む）',
    READERS,
    ImpactAssessmentDto,
  )
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ImpactAssessmentDto> {
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @ApiWrite('put', ':id', '評価の内容を修正する（作成中・差戻しの間）', ['clerk'], ImpactAssessmentDto)
  @NoAudit()
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateImpactAssessmentDto,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.update(user, id, dto);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @ApiCreate(':id/documents', '評価書（PDF・Word・Excel）を添付する', ['clerk'], ImpactAssessmentDto)
  @NoAudit()
  @AcceptsFile()
  async upload(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.uploadDocument(user, id, file);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @ApiCreate(
    ':id/checklist',
    '点検を開始する（標準の点検項目を用意する）',
    ['secretariat'],
    ImpactAssessmentDto,
  )
  @NoAudit()
  async startReview(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ImpactAssessmentDto> {
    await this.assessments.startReview(user, id);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @ApiWrite('put', ':id/checklist', '点検項目の結果と結論を保存する', ['secretariat'], ImpactAssessmentDto)
  @NoAudit()
  async saveChecklist(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: SaveChecklistDto,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.saveChecklist(user, id, dto);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @ApiCreate(':id/findings', '指摘事項を登録する', ['secretariat'], FindingDto)
  @NoAudit()
  async addFinding(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: CreateFindingDto,
  ): Promise<FindingDto> {
    const f = await this.assessments.addFinding(user, id, dto);
    return this.finding(user, id, f.id);
  }

  @ApiWrite('post', ':id/findings/:findingId/answer', '指摘事項に回答する（担当課）', ['clerk'], FindingDto)
  @NoAudit()
  async answer(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('findingId') findingId: string,
    @Body() dto: FindingAnswerDto,
  ): Promise<FindingDto> {
    await this.assessments.moveFinding(user, id, findingId, 'answer', dto);
    return this.finding(user, id, findingId);
  }

  @ApiWrite(
    'post',
    ':id/findings/:findingId/accept',
    '指摘事項への回答を了承して完了にする（事務局）',
    ['secretariat'],
    FindingDto,
  )
  @NoAudit()
  async accept(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('findingId') findingId: string,
    @Body() dto: FindingDecisionDto,
  ): Promise<FindingDto> {
    await this.assessments.moveFinding(user, id, findingId, 'accept', dto);
    return this.finding(user, id, findingId);
  }

  @ApiWrite(
    'post',
    ':id/findings/:findingId/return',
    '指摘事項への再回答を依頼する（事務局、理由が必要）',
    ['secretariat'],
    FindingDto,
  )
  @NoAudit()
  async returnAnswer(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('findingId') findingId: string,
    @Body() dto: FindingDecisionDto,
  ): Promise<FindingDto> {
    await this.assessments.moveFinding(user, id, findingId, 'return', dto);
    return this.finding(user, id, findingId);
  }

  @ApiWrite(
    'post',
    ':id/significant-change',
    '重要な変更を記録する（再評価が必要になる）',
    ['clerk'],
    ImpactAssessmentDto,
  )
  @NoAudit()
  async significantChange(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: SignificantChangeDto,
  ): Promise<ImpactAssessmentDto> {
    await this.assessments.recordSignificantChange(user, id, dto);
    return toDetailDto(await this.assessments.detail(user, id), user);
  }

  @ApiPaper(':id/result.pdf', '点検結果の PDF を取得する', READERS)
  resultPdf(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PaperFile> {
    return this.papers.pdf(user, id);
  }

  @ApiPaper(':id/result.docx', '点検結果の Word 版を取得する', READERS)
  resultDocx(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<WordFile> {
    return this.papers.docx(user, id);
  }

  private async finding(user: AuthUser, id: string, findingId: string): Promise<FindingDto> {
    const detail = toDetailDto(await this.assessments.detail(user, id), user);
    return detail.findings.find((f) => f.id === findingId)!;
  }
}
