import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { CreatedUserDto, CreateUserDto, UpdateUserDto, UserDto, VersionDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { IdParam } from '../common/http/id.pipe';
import { ApiCreate, ApiGet, ApiWrite } from '../common/openapi/route';

@ApiTags('利用者管理')
@AuditTarget('user')
@Roles('admin')
@Controller('api/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiGet('', '利用者の一覧を取得する', 'controller', [UserDto])
  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(UserDto.from);
  }

  @ApiGet(':id', '利用者を取得する', 'controller', UserDto)
  async get(@IdParam() id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(id));
  }

  // Writes are audited inside the service transaction.
  @NoAudit()
  @ApiCreate('', '利用者を登録する', 'controller', CreatedUserDto)
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<CreatedUserDto> {
    const { user, temporaryPassword } = await this.users.create(actor, dto);
    return { user: UserDto.from(user), temporaryPassword };
  }

  @NoAudit()
  @ApiWrite('patch', ':id', '利用者を変更する', 'controller', UserDto)
  async update(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(actor, id, dto));
  }

  @NoAudit()
  @ApiWrite('post', ':id/reset-password', '利用者のパスワードを再発行する', 'controller', CreatedUserDto)
  async resetPassword(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: VersionDto,
  ): Promise<CreatedUserDto> {
    const { user, temporaryPassword } = await this.users.resetPassword(actor, id, dto.version);
    return { user: UserDto.from(user), temporaryPassword };
  }
}
