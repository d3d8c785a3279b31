import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { CreatedUserDto, CreateUserDto, UpdateUserDto, UserDto, VersionDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { IdParam } from '../common/http/id.pipe';

@ApiTags('利用者管理')
@AuditTarget('user')
@Roles('admin')
@Controller('api/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({ summary: '利用者の一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: [UserDto] })
  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(UserDto.from);
  }

  @ApiOperation({ summary: '利用者を取得する' })
  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  async get(@IdParam() id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(id));
  }

  // Writes are audited inside the service transaction.
  @NoAudit()
  @ApiOperation({ summary: '利用者を登録する' })
  @Post()
  @ApiCreatedResponse({ type: CreatedUserDto })
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<CreatedUserDto> {
    const { user, temporaryPassword } = await this.users.create(actor, dto);
    return { user: UserDto.from(user), temporaryPassword };
  }

  @NoAudit()
  @ApiOperation({ summary: '利用者を変更する' })
  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(actor, id, dto));
  }

  @NoAudit()
  @ApiOperation({ summary: '利用者のパスワードを再発行する' })
  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOkResponse({ type: CreatedUserDto })
  async resetPassword(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: VersionDto,
  ): Promise<CreatedUserDto> {
    const { user, temporaryPassword } = await this.users.resetPassword(actor, id, dto.version);
    return { user: UserDto.from(user), temporaryPassword };
  }
}
