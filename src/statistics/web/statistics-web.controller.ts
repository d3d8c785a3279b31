import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTarget } from '../../audit/audit.decorators';
import { Roles } from '../../auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { parseForm, formErrorsOf, type FormErrors } from '../../views/form';
import { Views } from '../../views/views';
import { fiscalYearLabel, fiscalYearOf } from '../../workflow/numbering';
import { StatisticsQueryDto } from '../dto/statistics.dto';
import { StatisticsService } from '../statistics.service';
import { conditionMatrix, FISCAL_MONTHS, statisticsCharts } from './statistics-view';

/** 統計: the charts with their tables, printable on A4. */
@ApiExcludeController()
@AuditTarget('statistics')
@Controller()
export class StatisticsWebController {
  constructor(
    private readonly views: Views,
    private readonly statistics: StatisticsService,
  ) {}

  @Roles('secretariat', 'admin')
  @Get('statistics')
  async page(@Res() res: Response, @Query() query: Record<string, unknown>) {
    const asked = Object.fromEntries(
      ['from', 'to'].filter((k) => typeof query[k] === 'string' && query[k] !== '').map((k) => [k, query[k]]),
    );
    const { dto, errors: invalid } = await parseForm(StatisticsQueryDto, asked);
    let errors: FormErrors | null = invalid;
    let figures = null;
    if (!errors) {
      try {
        figures = await this.statistics.figures(dto);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        errors = formErrorsOf(e);
      }
    }
    const first = await this.statistics.firstFiscalYear();
    const current = fiscalYearOf(new Date());
    const lowest = Math.min(first, current - 4, figures?.range.from ?? current);
    const highest = Math.max(current, figures?.range.to ?? current);
    const years = Array.from({ length: highest - lowest + 1 }, (_, i) => lowest + i).map((y) => ({
      value: y,
      label: fiscalYearLabel(y),
    }));
    this.views.page(
      res,
      'statistics/index',
      '統計',
      {
        figures,
        charts: figures ? statisticsCharts(figures) : null,
        conditionRows: figures ? conditionMatrix(figures) : [],
        fiscalMonths: FISCAL_MONTHS,
        years,
        selected: {
          from: figures?.range.from ?? Number(asked.from ?? current - 4),
          to: figures?.range.to ?? Number(asked.to ?? current),
        },
        errors,
        errorList: errors ? Object.values(errors).flat() : [],
      },
      errors ? 400 : 200,
    );
  }
}
