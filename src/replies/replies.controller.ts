import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
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

@ApiTags('答申')
@AuditTarget('reply')
@Controller('api')
export class RepliesController {
  constructor(private readonly replies: RepliesService) {}

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @ApiOperation({ summary: '答申の一覧を取得する' })
  @Get('replies')
  @ApiOkResponse({ type: [ReplyDto] })
  async list(@CurrentUser() user: AuthUser, @Query() query: ReplyQueryDto): Promise<ReplyDto[]> {
    return (await this.replies.list(user, { q: query.q, outcomes: query.outcome })).map((r) =>
      ReplyDto.from(r, { caseTitle: r.caseTitle }),
    );
  }

  /** With its revisions and the plain data a 答申書 template consumes. */
  @Roles('secretariat', 'member', 'chair', 'clerk')
  @ApiOperation({ summary: '答申を取得する' })
  @Get('replies/:id')
  @ApiOkResponse({ type: ReplyDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ReplyDto> {
    const { reply, caseFile, revisions } = await this.replies.get(user, id);
    return ReplyDto.from(reply, {
      caseTitle: caseFile.title,
      revisions,
      document: buildReplyDocument(reply, caseFile),
    });
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '答申の案を編集する' })
  @Patch('replies/:id')
  @ApiOkResponse({ type: ReplyDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateReplyDto,
  ): Promise<ReplyDto> {
    return ReplyDto.from(await this.replies.update(user, id, dto));
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '答申を発出する' })
  @Post('replies/:id/issue')
  @HttpCode(200)
  @ApiOkResponse({ type: ReplyDto })
  async issue(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: IssueReplyDto,
  ): Promise<ReplyDto> {
    return ReplyDto.from(await this.replies.issue(user, id, dto.version));
  }

  @Roles('secretariat', 'member', 'chair')
  @ApiOperation({ summary: '定型の附帯条件の一覧を取得する' })
  @Get('standard-conditions')
  @ApiOkResponse({ type: [StandardConditionResponseDto] })
  async standardConditions(): Promise<StandardConditionResponseDto[]> {
    return (await this.replies.standardConditions()).map(StandardConditionResponseDto.from);
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '定型の附帯条件を登録する' })
  @Post('standard-conditions')
  @ApiCreatedResponse({ type: StandardConditionResponseDto })
  async createStandardCondition(
    @CurrentUser() user: AuthUser,
    @Body() dto: StandardConditionDto,
  ): Promise<StandardConditionResponseDto> {
    return StandardConditionResponseDto.from(await this.replies.saveStandardCondition(user, dto));
  }

  @Roles('secretariat')
  @NoAudit()
  @ApiOperation({ summary: '定型の附帯条件を変更する' })
  @Patch('standard-conditions/:id')
  @ApiOkResponse({ type: StandardConditionResponseDto })
  async updateStandardCondition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateStandardConditionDto,
  ): Promise<StandardConditionResponseDto> {
    return StandardConditionResponseDto.from(await this.replies.saveStandardCondition(user, dto, id));
  }
}
