import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assess } from './assessment';
import { CategoricalConsultation } from './categorical-consultation.entity';
import type { AssessmentAnswersDto, AssessmentResultDto } from './dto/assessment.dto';
import { LegalBasis } from './legal-basis.entity';
import { UnitOfWork } from '../database/unit-of-work';

/** Runs the rule engine against the catalog and the categorical-consultation registry. */
@Injectable()
export class AssessmentService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async assess(
    answers: AssessmentAnswersDto,
    m: EntityManager = this.uow.managerOrRoot(),
  ): Promise<AssessmentResultDto> {
    const catalog = await m.find(LegalBasis, { order: { sortOrder: 'ASC', article: 'ASC' } });
    const categoricals = await m.find(CategoricalConsultation, {
      where: { active: true },
      order: { createdAt: 'ASC' },
    });
    return assess(answers, catalog, categoricals);
  }
}
