import { Body, Controller, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
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
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

/** The personal-information file register (個人情報ファイル簿) and the proposals of approved cases. */
@ApiTags('個人情報ファイル簿')
@AuditTarget('register-entry')
@Controller('api/file-register')
export class FileRegisterController {
  constructor(private readonly register: FileRegisterService) {}

  @ApiGet('entries', '個人情報ファイル簿の登録の一覧を取得する', ['clerk', 'secretariat'], [EntryDto])
  async list(@CurrentUser() user: AuthUser, @Query() query: EntryListQueryDto): Promise<EntryDto[]> {
    return (await this.register.list(user, query)).map((e) => EntryDto.from(e));
  }

  @ApiCreate('entries', '個人情報ファイル簿に登録する（作成中）', ['clerk'], EntryDto)
  @NoAudit()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateEntryDto): Promise<EntryDto> {
    const { kind, ...fields } = dto;
    return EntryDto.from(await this.register.create(user, fields, kind));
  }

  @ApiGet(
    'entries/:id',
    '個人情報ファイル簿の登録と変更履歴を取得する',
    ['clerk', 'secretariat'],
    EntryDetailDto,
  )
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<EntryDetailDto> {
    const entry = await this.register.get(user, id);
    const history = await this.register.history(user, id);
    return { ...EntryDto.from(entry), history: history.map((h) => EntryHistoryDto.from(h)) };
  }

  @ApiWrite('patch', 'entries/:id', '個人情報ファイル簿の登録を変更する', ['clerk'], EntryDto)
  @NoAudit()
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateEntryDto,
  ): Promise<EntryDto> {
    const { reason, version, ...fields } = dto;
    return EntryDto.from(await this.register.update(user, id, fields, reason, version));
  }

  @ApiWrite('post', 'entries/:id/publish', '個人情報ファイル簿の登録を公表する', ['clerk'], EntryDto)
  @NoAudit()
  async publish(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: EntryStatusChangeDto,
  ): Promise<EntryDto> {
    return EntryDto.from(await this.register.changeStatus(user, id, 'publish', dto.reason, dto.version));
  }

  @ApiWrite('post', 'entries/:id/abolish', '個人情報ファイル簿の登録を廃止する', ['clerk'], EntryDto)
  @NoAudit()
  async abolish(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: EntryStatusChangeDto,
  ): Promise<EntryDto> {
    return EntryDto.from(await this.register.changeStatus(user, id, 'abolish', dto.reason, dto.version));
  }

  @ApiGet(
    'changes',
    '期間中のファイル簿の変更（登録状況）を取得する',
    ['clerk', 'secretariat'],
    [RegisterChangeDto],
  )
  async changes(
    @CurrentUser() user: AuthUser,
    @Query() query: ChangesQueryDto,
  ): Promise<RegisterChangeDto[]> {
    return (await this.register.changes(user, query.from, query.to)).map((r) => RegisterChangeDto.from(r));
  }

  @ApiGet(
    'proposals',
    '答申から作成されたファイル簿の変更案の一覧を取得する',
    ['clerk', 'secretariat'],
    [ProposalDto],
  )
  @ApiQuery({ name: 'state', required: false, enum: ['pending', 'confirmed', 'rejected'] })
  async proposals(@CurrentUser() user: AuthUser, @Query('state') state?: string): Promise<ProposalDto[]> {
    const known = ['pending', 'confirmed', 'rejected'].includes(state ?? '') ? state : undefined;
    return (await this.register.proposals(user, known)).map((p) => ProposalDto.from(p));
  }

  @ApiGet('proposals/:id', 'ファイル簿の変更案を取得する', ['clerk', 'secretariat'], ProposalDto)
  async proposal(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ProposalDto> {
    return ProposalDto.from(await this.register.proposal(user, id));
  }

  @ApiWrite(
    'post',
    'proposals/:id/confirm',
    'ファイル簿の変更案を確定する（必要なら編集して）',
    ['clerk'],
    ProposalDto,
  )
  @NoAudit()
  async confirm(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: ConfirmProposalDto,
  ): Promise<ProposalDto> {
    return ProposalDto.from(await this.register.confirm(user, id, dto));
  }

  @ApiWrite('post', 'proposals/:id/reject', 'ファイル簿の変更案を却下する', ['clerk'], ProposalDto)
  @NoAudit()
  async reject(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: RejectProposalDto,
  ): Promise<ProposalDto> {
    return ProposalDto.from(await this.register.reject(user, id, dto.reason, dto.version));
  }
}
