import { Body, Controller } from '@nestjs/common';
import { ApiTags, ApiNotFoundResponse } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { NumberingSettingDto, UpdateNumberingSettingDto } from './dto/numbering-setting.dto';
import { NumberingSettingsService } from './numbering-settings.service';
import { ApiGet, ApiWrite } from '../common/openapi/route';

/** 受付番号・答申番号の付け方 (per fiscal year or continuous). */
@ApiTags('審議の流れ')
@AuditTarget('municipality')
@Controller('api/settings/numbering')
export class NumberingSettingsController {
  constructor(private readonly settings: NumberingSettingsService) {}

  @ApiGet('', '受付番号の採番設定を取得する', ['admin', 'secretariat'], NumberingSettingDto)
  @ApiNotFoundResponse({ description: '自治体（審議会）の設定がまだ登録されていない' })
  async get(): Promise<NumberingSettingDto> {
    return NumberingSettingDto.from(await this.settings.get());
  }

  @ApiWrite('put', '', '受付番号の採番設定を変更する', ['admin', 'secretariat'], NumberingSettingDto)
  @NoAudit()
  @ApiNotFoundResponse({ description: '自治体（審議会）の設定がまだ登録されていない' })
  async update(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateNumberingSettingDto,
  ): Promise<NumberingSettingDto> {
    return NumberingSettingDto.from(await this.settings.update(user, dto));
  }
}
