import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget } from '../audit/audit.decorators';
import { Roles } from '../auth/decorators';
import { BackupService } from './backup.service';
import { BackupRunDto } from './dto/backup.dto';
import { ApiGet } from '../common/openapi/route';

@ApiTags('運用')
@AuditTarget('backup')
@Roles('admin')
@Controller('api/admin/backups')
export class OpsController {
  constructor(private readonly backups: BackupService) {}

  /** The latest 50 backup runs, newest first. */
  @ApiGet('', 'バックアップの一覧を取得する', 'controller', [BackupRunDto])
  async list(): Promise<BackupRunDto[]> {
    return (await this.backups.list()).map(BackupRunDto.from);
  }
}
