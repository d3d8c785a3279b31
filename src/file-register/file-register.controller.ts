import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import {
  ChangesQueryDto,
  ConfirmProposalDto,
  CreateEntryDto,
  EntryDetailDto,
  EntryDto,
  EntryHistoryDto,
  EntryListQueryDto,
  EntryStatusChangeDto,
  ProposalDto,
  RegisterChangeDto,
  RejectProposalDto,
  UpdateEntryDto,
} from './dto/register.dto';
import { FileRegisterService } from './file-register.service';

/** The personal-information file register (個人情報ファイル簿) and the proposals of approved cases. */
@ApiTags('個人情報ファイル簿')
@AuditTarget('register-entry')
@Controller('api/file-register')
export class FileRegisterController {
  constructor(private readonly register: FileRegisterService) {}

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '個人情報ファイル簿の登録の一覧を取得する' })
  @Get('entries')
  @ApiOkResponse({ type: [EntryDto] })
  async list(@CurrentUser() user: AuthUser, @Query() query: EntryListQueryDto): Promise<EntryDto[]> {
    return (await this.register.list(user, query)).map((e) => EntryDto.from(e));
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '個人情報ファイル簿に登録する（作成中）' })
  @Post('entries')
  @ApiCreatedResponse({ type: EntryDto })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateEntryDto): Promise<EntryDto> {
    const { kind, ...fields } = dto;
    return EntryDto.from(await this.register.create(user, fields, kind));
  }

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '個人情報ファイル簿の登録と変更履歴を取得する' })
  @Get('entries/:id')
  @ApiOkResponse({ type: EntryDetailDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<EntryDetailDto> {
    const entry = await this.register.get(user, id);
    const history = await this.register.history(user, id);
    return { ...EntryDto.from(entry), history: history.map((h) => EntryHistoryDto.from(h)) };
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '個人情報ファイル簿の登録を変更する' })
  @Patch('entries/:id')
  @ApiOkResponse({ type: EntryDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateEntryDto,
  ): Promise<EntryDto> {
    const { reason, version, ...fields } = dto;
    return EntryDto.from(await this.register.update(user, id, fields, reason, version));
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '個人情報ファイル簿の登録を公表する' })
  @Post('entries/:id/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: EntryDto })
  async publish(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: EntryStatusChangeDto,
  ): Promise<EntryDto> {
    return EntryDto.from(await this.register.changeStatus(user, id, 'publish', dto.reason, dto.version));
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: '個人情報ファイル簿の登録を廃止する' })
  @Post('entries/:id/abolish')
  @HttpCode(200)
  @ApiOkResponse({ type: EntryDto })
  async abolish(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: EntryStatusChangeDto,
  ): Promise<EntryDto> {
    return EntryDto.from(await this.register.changeStatus(user, id, 'abolish', dto.reason, dto.version));
  }

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '期間中のファイル簿の変更（登録状況）を取得する' })
  @Get('changes')
  @ApiOkResponse({ type: [RegisterChangeDto] })
  async changes(
    @CurrentUser() user: AuthUser,
    @Query() query: ChangesQueryDto,
  ): Promise<RegisterChangeDto[]> {
    return (await this.register.changes(user, query.from, query.to)).map((r) => RegisterChangeDto.from(r));
  }

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '答申から作成されたファイル簿の変更案の一覧を取得する' })
  @ApiQuery({ name: 'state', required: false, enum: ['pending', 'confirmed', 'rejected'] })
  @Get('proposals')
  @ApiOkResponse({ type: [ProposalDto] })
  async proposals(@CurrentUser() user: AuthUser, @Query('state') state?: string): Promise<ProposalDto[]> {
    const known = ['pending', 'confirmed', 'rejected'].includes(state ?? '') ? state : undefined;
    return (await this.register.proposals(user, known)).map((p) => ProposalDto.from(p));
  }

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: 'ファイル簿の変更案を取得する' })
  @Get('proposals/:id')
  @ApiOkResponse({ type: ProposalDto })
  async proposal(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ProposalDto> {
    return ProposalDto.from(await this.register.proposal(user, id));
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: 'ファイル簿の変更案を確定する（必要なら編集して）' })
  @Post('proposals/:id/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: ProposalDto })
  async confirm(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: ConfirmProposalDto,
  ): Promise<ProposalDto> {
    return ProposalDto.from(await this.register.confirm(user, id, dto));
  }

  @Roles('clerk')
  @NoAudit()
  @ApiOperation({ summary: 'ファイル簿の変更案を却下する' })
  @Post('proposals/:id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: ProposalDto })
  async reject(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: RejectProposalDto,
  ): Promise<ProposalDto> {
    return ProposalDto.from(await this.register.reject(user, id, dto.reason, dto.version));
  }
}
