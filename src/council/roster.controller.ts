import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
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

/** The council's roster (委員名簿), kept by the secretariat. Writes are audited inside the service. */
@ApiTags('council')
@AuditTarget('council_member')
@Roles('secretariat', 'admin')
@Controller('api/council/members')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  /** Every member in 名簿順, with the linked account. */
  @Get()
  @ApiOkResponse({ type: [RosterMemberDto] })
  async list(): Promise<RosterMemberDto[]> {
    return (await this.roster.list()).map(RosterMemberDto.from);
  }

  @NoAudit()
  @Post()
  @ApiCreatedResponse({ type: RosterMemberDto })
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateRosterMemberDto): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.create(actor, dto));
  }

  /** Sets 名簿順: every member's id, in the new order. */
  @NoAudit()
  @Post('order')
  @HttpCode(200)
  @ApiOkResponse({ type: [RosterMemberDto] })
  async reorder(@CurrentUser() actor: AuthUser, @Body() dto: ReorderRosterDto): Promise<RosterMemberDto[]> {
    return (await this.roster.reorder(actor, dto.memberIds)).map(RosterMemberDto.from);
  }

  @NoAudit()
  @Patch(':id')
  @ApiOkResponse({ type: RosterMemberDto })
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateRosterMemberDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.update(actor, id, dto));
  }

  /** 退任: ends the term on the given day; the member stays in the roster and the records. */
  @NoAudit()
  @Post(':id/end-term')
  @HttpCode(200)
  @ApiOkResponse({ type: RosterMemberDto })
  async endTerm(
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: EndTermDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.endTerm(actor, id, dto));
  }

  /** Removes a member entered by mistake; one recorded at a meeting is refused (409). */
  @NoAudit()
  @Delete(':id')
  @HttpCode(204)
  async remove(
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: RosterVersionDto,
  ): Promise<void> {
    await this.roster.remove(actor, id, dto.version);
  }

  /** Creates the member's login account and links it; a generated password is returned once. */
  @NoAudit()
  @Post(':id/account')
  @ApiCreatedResponse({ type: CreatedMemberAccountDto })
  async createAccount(
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: CreateMemberAccountDto,
  ): Promise<CreatedMemberAccountDto> {
    const { entry, temporaryPassword } = await this.roster.createAccount(actor, id, dto);
    return { member: RosterMemberDto.from(entry), temporaryPassword };
  }

  /** Links an existing 委員 / 会長 account. */
  @NoAudit()
  @Put(':id/account')
  @ApiOkResponse({ type: RosterMemberDto })
  async linkAccount(
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: LinkAccountDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.linkAccount(actor, id, dto));
  }

  /** Unlinks the account (the account itself stays; disable it under 利用者管理). */
  @NoAudit()
  @Delete(':id/account')
  @ApiOkResponse({ type: RosterMemberDto })
  async unlinkAccount(
    @CurrentUser() actor: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: RosterVersionDto,
  ): Promise<RosterMemberDto> {
    return RosterMemberDto.from(await this.roster.unlinkAccount(actor, id, dto.version));
  }
}
