import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import { Roles } from '../auth/decorators';
import { BackupService } from './backup.service';
import { BackupRunDto } from './dto/backup.dto';

@ApiTags('運用')
@AuditTarget('backup')
@Roles('admin')
@Controller('api/admin/backups')
export class OpsController {
  constructor(private readonly backups: BackupService) {}

  /** The latest 50 backup runs, newest first. */
  @ApiOperation({ summary: 'バックアップの一覧を取得する' })
  @Get()
  @ApiOkResponse({ type: [BackupRunDto] })
  async list(): Promise<BackupRunDto[]> {
    return (await this.backups.list()).map(BackupRunDto.from);
  }
}
