import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost, Roles } from '../../auth/decorators';
import { act } from '../../views/act';
import { type FormErrors, num, parseForm, str } from '../../views/form';
import { Views } from '../../views/views';
import { RedactionSettingDto } from '../dto/minutes.dto';
import { NAME_POLICIES } from '../minutes.entity';
import { MinutesRedactionService } from '../minutes-redaction.service';
import { MinutesService } from '../minutes.service';
import {
  formatAllowList,
  MAX_ALLOW_LIST,
  NAME_POLICY_LABELS,
  parseAllowList,
} from '../redaction/allow-list-text';
import { FormRoute } from '../../views/form-route';

/** The municipality's setting for names in the published minutes. */
@ApiExcludeController()
@Controller()
export class RedactionSettingsWebController {
  constructor(
    private readonly views: Views,
    private readonly minutes: MinutesService,
    private readonly redaction: MinutesRedactionService,
  ) {}

  @Roles('secretariat')
  @Get('settings/redaction')
  async redactionSettingPage(@Res() res: Response) {
    const s = RedactionSettingDto.from(await this.minutes.setting());
    this.redactionPage(res, s, {
      explainerNames: s.explainerNames,
      secretariatNames: s.secretariatNames,
      allowList: formatAllowList(s.allowList),
      version: String(s.version),
    });
  }

  @FormRoute('settings/redaction', 'secretariat')
  async saveRedactionSetting(@Res() res: Response, @Form() { user, body }: FormPost) {
    const values = {
      explainerNames: str(body.explainerNames),
      secretariatNames: str(body.secretariatNames),
      allowList: str(body.allowList),
      version: str(body.version),
    };
    const again = async (errors: FormErrors, status: number, stale = false) =>
      this.redactionPage(res, RedactionSettingDto.from(await this.minutes.setting()), values, {
        errors,
        status,
        stale,
      });
    const list = parseAllowList(values.allowList);
    const { dto, errors } = await parseForm(RedactionSettingDto, {
      explainerNames: values.explainerNames,
      secretariatNames: values.secretariatNames,
      allowList: list.entries,
      version: num(values.version),
    });
    const all: FormErrors = { ...(errors ?? {}) };
    for (const key of Object.keys(all)) if (key.startsWith('allowList')) delete all[key];
    if (all.explainerNames) all.explainerNames = ['説明員の氏名の扱いを選んでください'];
    if (all.secretariatNames) all.secretariatNames = ['事務局職員の氏名の扱いを選んでください'];
    if (all.version) all._ = ['画面を開き直してから保存してください。'];
    if (list.errors.length) all.allowList = list.errors;
    if (Object.keys(all).length) return again(all, 400);
    await act(
      res,
      {
        back: '/settings/redaction',
        notice: '公開時の氏名の扱いを保存しました。',
        // A stale version is shown beside the list, the text as typed stays in the form.
        rerender: (found, e) =>
          e.code === 'STALE_VERSION'
            ? again({ allowList: found._ ?? [e.detail] }, e.status, true)
            : again(found, e.status),
      },
      () => this.redaction.updateSetting(user, dto),
    );
  }

  private redactionPage(
    res: Response,
    saved: RedactionSettingDto,
    values: Record<string, string>,
    {
      errors = null,
      status = 200,
      stale = false,
    }: { errors?: FormErrors | null; status?: number; stale?: boolean } = {},
  ): void {
    const choices = (field: 'explainerNames' | 'secretariatNames') =>
      NAME_POLICIES.map((value) => ({
        value,
        label: NAME_POLICY_LABELS[field][value],
        checked: value === values[field],
      }));
    this.views.page(
      res,
      'minutes/redaction-settings',
      '公開時の氏名の扱い',
      {
        values,
        errors,
        // After a 409: what is saved now, beside the text as typed.
        stale,
        saved: { ...saved, allowListText: formatAllowList(saved.allowList) },
        explainerChoices: choices('explainerNames'),
        secretariatChoices: choices('secretariatNames'),
        maxEntries: MAX_ALLOW_LIST,
      },
      status,
    );
  }
}
