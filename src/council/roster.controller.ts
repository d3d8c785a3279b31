import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdParam } from '../common/http/id.pipe';
import {
  CreatedMemberAccountDto,
  CreateMemberAccountDto,
  CreateRosterMemberDto,
  EndTermDto,
  LinkAccountDto,
  ReorderRosterDto,
  RosterMemberDto,
  RosterVersionDto,
  UpdateRosterMemberDto,
} from './dto/roster.dto';
import { RosterService } from './roster.service';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';

/** The council's roster (委員名簿), kept by the secretariat. Writes are audited inside the service. */
@ApiTags('委員名簿')
@AuditTarget('council_member')
@Roles('secretariat', 'admin')
@Controller('api/council/members')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  /** Every member in 名簿順, with the linked account. */
  @ApiGet('', '委員名簿を名簿順で取得する', 'controller', [RosterMemberDto])
  async list(): Promise<RosterMemberDto[]> {
    return (await this.roster.list()).map(RosterMemberDto.from);
  }

  @NoAudit()
  @ApiCreate('', '委員を名簿に追加する', 'controller', RosterMemberDto)
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateRosterMemberDto): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.create(actor, dto));
  }

  /** Sets 名簿順: every member's id, in the new order. */
  @NoAudit()
  @ApiWrite('post', 'order', '名簿順を並べ替える', 'controller', [RosterMemberDto])
  async reorder(@CurrentUser() actor: AuthUser, @Body() dto: ReorderRosterDto): Promise<RosterMemberDto[]> {
    return (await this.roster.reorder(actor, dto.memberIds)).map(RosterMemberDto.from);
  }

  @NoAudit()
  @ApiWrite('patch', ':id', '委員の情報を更新する', 'controller', RosterMemberDto)
  async update(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateRosterMemberDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.update(actor, id, dto));
  }

  /** 退任: ends the term on the given day; the member stays in the roster and the records. */
  @NoAudit()
  @ApiWrite('post', ':id/end-term', '委員の任期を終了する', 'controller', RosterMemberDto)
  async endTerm(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: EndTermDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.endTerm(actor, id, dto));
  }

  /** Removes a member entered by mistake; one recorded at a meeting is refused (409). */
  @NoAudit()
  @ApiWrite('delete', ':id', '委員を名簿から削除する（会議の記録がない場合のみ）', 'controller')
  async remove(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: RosterVersionDto,
  ): Promise<void> {
    await this.roster.remove(actor, id, dto.version);
  }

  /** Creates the member's login account and links it; a generated password is returned once. */
  @NoAudit()
  @ApiCreate(
    ':id/account',
    '委員のログインアカウントを作成して紐付ける',
    'controller',
    CreatedMemberAccountDto,
  )
  async createAccount(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: CreateMemberAccountDto,
  ): Promise<CreatedMemberAccountDto> {
    const { entry, temporaryPassword } = await this.roster.createAccount(actor, id, dto);
    return { member: RosterMemberDto.from(entry), temporaryPassword };
  }

  /** Links an existing 委員 / 会長 account. */
  @NoAudit()
  @ApiWrite('put', ':id/account', '既存のアカウントを委員に紐付ける', 'controller', RosterMemberDto)
  async linkAccount(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: LinkAccountDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.linkAccount(actor, id, dto));
  }

  /** Unlinks the account (the account itself stays; disable it under 利用者管理). */
  @NoAudit()
  @ApiWrite('delete', ':id/account', '委員とアカウントの紐付けを解除する', 'controller', RosterMemberDto)
  async unlinkAccount(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: RosterVersionDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.unlinkAccount(actor, id, dto.version));
  }
}
