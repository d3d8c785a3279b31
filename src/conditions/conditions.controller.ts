import { Body, Controller, Query, Res, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs, AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { ATTACHMENT_LIMIT_MB, ConditionsService, type UploadedFile } from './conditions.service';
import {
  ConditionDecisionDto,
  ConditionDetailDto,
  ConditionDto,
  FollowUpReportDto,
} from './dto/condition.dto';
import { ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

@ApiTags('附帯条件')
@AuditTarget('condition')
@Controller('api/conditions')
export class ConditionsController {
  constructor(private readonly conditions: ConditionsService) {}

  @ApiGet('', '附帯条件の一覧を取得する', ['clerk', 'secretariat', 'member', 'chair'], [ConditionDto])
  async list(
    @CurrentUser() user: AuthUser,
    @Query('state') state?: string,
    @Query('overdue') overdue?: string,
  ): Promise<ConditionDto[]> {
    const filter = {
      state: state || undefined,
      overdue: overdue === undefined ? undefined : overdue === 'true',
    };
    return (await this.conditions.list(user, filter)).map((c) => ConditionDto.from(c, user));
  }

  // Declared before ':id' so that 'attachments' is not taken for an id.
  @ApiGet(
    'attachments/:id',
    '附帯条件の報告資料をダウンロードする',
    ['clerk', 'secretariat', 'member', 'chair'],
    {
      description: '報告資料のファイル（Content-Type は登録されたファイルの形式）',
      content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
    },
  )
  @AuditAs('download')
  async download(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const a = await this.conditions.attachment(user, id);
    res.setHeader('Content-Type', a.contentType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    return new StreamableFile(a.data);
  }

  @ApiGet(':id', '附帯条件を取得する', ['clerk', 'secretariat', 'member', 'chair'], ConditionDetailDto)
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ConditionDetailDto> {
    const c = await this.conditions.get(user, id);
    const reports = await this.conditions.reports(id);
    const [attachments, history] = await Promise.all([
      this.conditions.attachments(reports.map((r) => r.id)),
      this.conditions.history(id),
    ]);
    return ConditionDetailDto.fromDetail(c, reports, attachments, history, user);
  }

  /** 対応報告 with optional attachments (multipart field `files`). */
  @ApiWrite('post', ':id/reports', '附帯条件の履行状況を報告する', ['clerk'], ConditionDto)
  @NoAudit()
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(
    FilesInterceptor('files', 10, { limits: { fileSize: ATTACHMENT_LIMIT_MB * 1024 * 1024 + 1 } }),
  )
  async report(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: FollowUpReportDto,
    @UploadedFiles() files: UploadedFile[] = [],
  ): Promise<ConditionDto> {
    await this.conditions.report(user, id, dto.body, files ?? [], dto.version);
    return ConditionDto.from(await this.conditions.get(user, id), user);
  }

  @ApiWrite('post', ':id/close', '附帯条件を完了にする', ['secretariat'], ConditionDto)
  @NoAudit()
  async close(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: ConditionDecisionDto,
  ): Promise<ConditionDto> {
    await this.conditions.decide(user, id, 'close', dto.comment, dto.version);
    return ConditionDto.from(await this.conditions.get(user, id), user);
  }

  @ApiWrite('post', ':id/reopen', '附帯条件を再開する', ['secretariat'], ConditionDto)
  @NoAudit()
  async reopen(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: ConditionDecisionDto,
  ): Promise<ConditionDto> {
    await this.conditions.decide(user, id, 'reopen', dto.comment, dto.version);
    return ConditionDto.from(await this.conditions.get(user, id), user);
  }
}
