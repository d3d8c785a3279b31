import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost, Roles } from '../../auth/decorators';
import { act } from '../../views/act';
import { formDto, num, str } from '../../views/form';
import { NumberingSettingDto, UpdateNumberingSettingDto } from '../dto/numbering-setting.dto';
import { NUMBERING_SCHEME_LABELS, NUMBERING_SCHEMES } from '../numbering';
import { NumberingSettingsService } from '../numbering-settings.service';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** How receipt and reply numbers are formed (a setting of the secretariat). */
@ApiExcludeController()
@Controller()
export class NumberingWebController {
  constructor(
    private readonly views: Views,
    private readonly numbering: NumberingSettingsService,
  ) {}

  @Roles('secretariat', 'admin')
  @Get('settings/numbering')
  async numberingPage(@Res() res: Response) {
    const setting = NumberingSettingDto.from(await this.numbering.get());
    this.views.page(res, 'council/numbering-settings', '番号の付け方', {
      setting,
      schemes: NUMBERING_SCHEMES.map((value) => ({
        value,
        label: NUMBERING_SCHEME_LABELS[value],
        checked: value === setting.numbering,
      })),
    });
  }

  @FormRoute('settings/numbering', 'secretariat', 'admin')
  async saveNumbering(@Res() res: Response, @Form() { user, body }: FormPost) {
    await act(res, { back: '/settings/numbering', notice: '番号の付け方を保存しました。' }, async () => {
      const dto = await formDto(UpdateNumberingSettingDto, {
        numbering: str(body.numbering),
        version: num(body.version),
      });
      await this.numbering.update(user, dto);
    });
  }
}
