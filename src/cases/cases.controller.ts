import { Body, Controller, Query, Req, Res, UploadedFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { AcceptsFile } from './attachment-upload.interceptor';
import { AttachmentsService, type UploadedFileLike } from './attachments.service';
import { toCaseDocumentData, type CaseDocumentData } from './case-document';
import { CaseQueryService } from './case-query.service';
import { CaseVersionsService } from './case-versions.service';
import { CasesService } from './cases.service';
import { AttachmentMetaDto } from './dto/attachment.dto';
import { CopyCaseDto, CreateCaseDto, SnapshotRequestDto, UpdateCaseDto } from './dto/case-input.dto';
import { CaseQueryDto, DiffQueryDto } from './dto/case-query.dto';
import {
  CaseAttachmentDto,
  CaseDiffDto,
  CaseDto,
  CaseListDto,
  CaseListItemDto,
  CaseVersionDto,
  ValidationResultDto,
} from './dto/case.dto';
import { CaseDocumentDataDto } from './dto/case-document.dto';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

const READERS = ['clerk', 'secretariat', 'member', 'chair'] as const;

@ApiTags('事案')
@AuditTarget('case')
@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly caseQuery: CaseQueryService,
    private readonly caseVersions: CaseVersionsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @ApiGet('', '事案を検索する', READERS, CaseListDto)
  async list(@CurrentUser() user: AuthUser, @Query() q: CaseQueryDto): Promise<CaseListDto> {
    const r = await this.caseQuery.list(user, q);
    return { ...r, items: r.items.map(CaseListItemDto.from) };
  }

  // Writes are audited inside the service transaction.
  @NoAudit()
  @ApiCreate('', '事案を作成する（下書き）', ['clerk'], CaseDto)
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateCaseDto): Promise<CaseDto> {
    return CaseDto.from(await this.cases.create(user, dto));
  }

  @ApiGet(':id', '事案を取得する', READERS, CaseDto)
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<CaseDto> {
    return CaseDto.from(await this.cases.get(user, id));
  }

  @NoAudit()
  @ApiWrite('patch', ':id', '事案の内容を保存する（楽観的ロック）', ['clerk'], CaseDto)
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateCaseDto,
  ): Promise<CaseDto> {
    return CaseDto.from(await this.cases.update(user, id, dto));
  }

  /** Moves a draft to the bin (30 days; the secretariat can restore it). */
  @NoAudit()
  @ApiWrite('delete', ':id', '下書きの事案をごみ箱に移す', ['clerk'])
  async remove(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<void> {
    await this.cases.remove(user, id);
  }

  @NoAudit()
  @ApiCreate(':id/copy', '事案をコピーして新しい下書きを作る', ['clerk'], CaseDto)
  async copy(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: CopyCaseDto,
  ): Promise<CaseDto> {
    return CaseDto.from(await this.cases.copy(user, id, dto));
  }

  @ApiGet(':id/validation', '提出前チェックを行う', READERS, ValidationResultDto)
  async validation(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ValidationResultDto> {
    const errors = await this.cases.validationFor(user, id);
    return { ready: errors.length === 0, errors };
  }

  @ApiGet(':id/versions', '事案の版の一覧を取得する', READERS, [CaseVersionDto])
  async versions(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<CaseVersionDto[]> {
    return (await this.caseVersions.versions(user, id)).map(CaseVersionDto.from);
  }

  @NoAudit()
  @ApiCreate(':id/versions', '事案の今の内容を版として記録する', ['clerk'], CaseVersionDto)
  async recordVersion(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: SnapshotRequestDto,
  ): Promise<CaseVersionDto> {
    return CaseVersionDto.from(await this.caseVersions.recordVersion(user, id, dto.reason));
  }

  @ApiGet(':id/diff', '事案の二つの版の差分を取得する', READERS, CaseDiffDto)
  diff(@CurrentUser() user: AuthUser, @IdParam() id: string, @Query() q: DiffQueryDto): Promise<CaseDiffDto> {
    return this.caseVersions.diff(user, id, q.from, q.to);
  }

  /** The plain data of the case document (諮問事案書) the PDF renderer prints. */
  @ApiGet(':id/document-data', '諮問書・報告書の差し込みデータを取得する', READERS, CaseDocumentDataDto)
  async documentData(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<CaseDocumentData> {
    return toCaseDocumentData(await this.cases.get(user, id));
  }

  // ---- attachments ----

  @NoAudit()
  @ApiCreate(':id/attachments', '添付資料をアップロードする', ['clerk'], CaseAttachmentDto)
  @AcceptsFile()
  async upload(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Body() meta: AttachmentMetaDto,
  ) {
    return this.attachments.upload(user, id, file, meta);
  }

  // Audited as a download inside the service (also when the file is streamed after the handler returns).
  @NoAudit()
  @ApiGet(':id/attachments/:attachmentId', '添付資料をダウンロードする', [...READERS], {
    description: '添付資料のファイル（Content-Type は登録されたファイルの形式）',
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  async download(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('attachmentId') attachmentId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { attachment, stream } = await this.attachments.open(user, id, attachmentId, {
      ip: req.ip ?? null,
    });
    res.setHeader('Content-Type', attachment.mediaType);
    res.setHeader('Content-Length', String(attachment.sizeBytes));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Digest', `sha-256=${Buffer.from(attachment.sha256, 'hex').toString('base64')}`);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    );
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  @NoAudit()
  @ApiWrite('delete', ':id/attachments/:attachmentId', '添付資料をごみ箱に移す', ['clerk'])
  async removeAttachment(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('attachmentId') attachmentId: string,
  ): Promise<void> {
    await this.attachments.remove(user, id, attachmentId);
  }
}
