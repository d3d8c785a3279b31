import { Body, Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import {
  IssueReplyDto,
  ReplyQueryDto,
  ReplyDto,
  StandardConditionDto,
  UpdateStandardConditionDto,
  StandardConditionResponseDto,
  UpdateReplyDto,
} from './dto/reply.dto';
import { buildReplyDocument } from './reply-document';
import { RepliesService } from './replies.service';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

@ApiTags('答申')
@AuditTarget('reply')
@Controller('api')
export class RepliesController {
  constructor(private readonly replies: RepliesService) {}

  @ApiGet('replies', '答申の一覧を取得する', ['secretariat', 'member', 'chair', 'clerk'], [ReplyDto])
  async list(@CurrentUser() user: AuthUser, @Query() query: ReplyQueryDto): Promise<ReplyDto[]> {
    return (await this.replies.list(user, { q: query.q, outcomes: query.outcome })).map((r) =>
      ReplyDto.from(r, { caseTitle: r.caseTitle }),
    );
  }

  /** With its revisions and the plain data a 答申書 template consumes. */
  @ApiGet('replies/:id', '答申を取得する', ['secretariat', 'member', 'chair', 'clerk'], ReplyDto)
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ReplyDto> {
    const { reply, caseFile, revisions } = await this.replies.get(user, id);
    return ReplyDto.from(reply, {
      caseTitle: caseFile.title,
      revisions,
      document: buildReplyDocument(reply, caseFile),
    });
  }

  @ApiWrite('patch', 'replies/:id', '答申の案を編集する', ['secretariat'], ReplyDto)
  @NoAudit()
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateReplyDto,
  ): Promise<ReplyDto> {
    return ReplyDto.from(await this.replies.update(user, id, dto));
  }

  @ApiWrite('post', 'replies/:id/issue', '答申を発出する', ['secretariat'], ReplyDto)
  @NoAudit()
  async issue(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: IssueReplyDto,
  ): Promise<ReplyDto> {
    return ReplyDto.from(await this.replies.issue(user, id, dto.version));
  }

  @ApiGet(
    'standard-conditions',
    '定型の附帯条件の一覧を取得する',
    ['secretariat', 'member', 'chair'],
    [StandardConditionResponseDto],
  )
  async standardConditions(): Promise<StandardConditionResponseDto[]> {
    return (await this.replies.standardConditions()).map(StandardConditionResponseDto.from);
  }

  @ApiCreate('standard-conditions', '定型の附帯条件を登録する', ['secretariat'], StandardConditionResponseDto)
  @NoAudit()
  async createStandardCondition(
    @CurrentUser() user: AuthUser,
    @Body() dto: StandardConditionDto,
  ): Promise<StandardConditionResponseDto> {
    return StandardConditionResponseDto.from(await this.replies.saveStandardCondition(user, dto));
  }

  @ApiWrite(
    'patch',
    'standard-conditions/:id',
    '定型の附帯条件を変更する',
    ['secretariat'],
    StandardConditionResponseDto,
  )
  @NoAudit()
  async updateStandardCondition(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateStandardConditionDto,
  ): Promise<StandardConditionResponseDto> {
    return StandardConditionResponseDto.from(await this.replies.saveStandardCondition(user, dto, id));
  }
}
