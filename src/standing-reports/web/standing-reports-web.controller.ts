import { Controller, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, str } from '../../views/form';
import { AddStandingReportsDto } from '../dto/standing-report.dto';
import { StandingReportsService } from '../standing-reports.service';
import { FormRoute } from '../../views/form-route';

/** The meeting page's 「定例報告を作成して追加」 form: the same DTO and service as the API. */
@ApiExcludeController()
@Controller()
export class StandingReportsWebController {
  constructor(private readonly reports: StandingReportsService) {}

  @FormRoute('meetings/:id/agenda/standing-reports', 'secretariat')
  async add(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const period = str(body.period);
    await act(
      res,
      {
        back: `/meetings/${id}#agenda`,
        notice: (added: { title: string }[]) =>
          `報告事項に追加しました: ${added.map((a) => a.title).join('、')}`,
      },
      async () => {
        const dto = await formDto(AddStandingReportsDto, {
          kinds: ([] as unknown[])
            .concat(body.kinds ?? [])
            .map(str)
            .filter(Boolean),
          period,
          ...(period === 'fiscalYear' ? { fiscalYear: str(body.fiscalYear) } : {}),
          ...(period === 'range' ? { from: str(body.from), to: str(body.to) } : {}),
        });
        return this.reports.addToAgenda(user, id, dto);
      },
    );
  }
}
