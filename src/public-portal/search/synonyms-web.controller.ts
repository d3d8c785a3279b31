import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoAudit } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { act } from '../../views/act';
import { str, type FormBody } from '../../views/form';
import { Views } from '../../views/views';
import { formatSynonymText, parseSynonymText } from './synonyms';
import { SynonymsService } from './synonyms.service';

/** 関連語の一覧: the secretariat edits the related words of the public search, one group a line. */
@ApiExcludeController()
@Controller('settings/public-synonyms')
export class PublicSynonymsWebController {
  constructor(
    private readonly views: Views,
    private readonly synonyms: SynonymsService,
  ) {}

  @Roles('secretariat')
  @Get()
  async page(@Res() res: Response) {
    const { groups } = await this.synonyms.list();
    this.render(res, formatSynonymText(groups.map((g) => g.words)));
  }

  @Roles('secretariat')
  @NoAudit()
  @Post()
  async save(@Res() res: Response, @CurrentUser() user: AuthUser, @Body() body: FormBody) {
    const text = str(body.synonyms);
    const parsed = parseSynonymText(text);
    if (parsed.errors.length) return this.render(res, text, parsed.errors, 400);
    await act(
      res,
      {
        back: '/settings/public-synonyms',
        notice: '関連語を保存しました。公開ポータルの検索に、すぐに使われます。',
        rerender: (found, e) => this.render(res, text, Object.values(found).flat(), e.status),
      },
      () => this.synonyms.replace(user, { groups: parsed.groups.map((words) => ({ words })) }),
    );
  }

  private render(res: Response, text: string, errors: string[] = [], status = 200): void {
    this.views.page(res, 'public/synonyms', '公開ポータルの関連語', { text, errors }, status);
  }
}
