import { AppError } from '../common/errors/app-error';
import { caseMachine } from '../workflow/case-state-machine';
import { correctionAction, validateOutcome } from './deliberation.service';
import type { RecordOutcomeDto } from './dto/deliberation.dto';

const codeOf = (section: 'consultation' | 'report', dto: Partial<RecordOutcomeDto>): string => {
  try {
    validateOutcome(section, dto as RecordOutcomeDto);
    return 'OK';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
};

describe('outcome rules', () => {
  it('a consultation cannot be noted; a report cannot be approved or rejected', () => {
    expect(codeOf('consultation', { outcome: 'noted' })).toBe('DELIBERATION_OUTCOME_INVALID');
    expect(codeOf('report', { outcome: 'approved', voteMethod: 'noObjection' })).toBe(
      'DELIBERATION_OUTCOME_INVALID',
    );
    expect(codeOf('report', { outcome: 'rejected', voteMethod: 'majority' })).toBe(
      'DELIBERATION_OUTCOME_INVALID',
    );
    expect(codeOf('report', { outcome: 'noted' })).toBe('OK');
  });
  it('a vote decides a consultation; continuing or withdrawing needs none', () => {
    expect(codeOf('consultation', { outcome: 'approved' })).toBe('DELIBERATION_VOTE_REQUIRED');
    expect(codeOf('consultation', { outcome: 'approved', voteMethod: 'noObjection' })).toBe('OK');
    expect(codeOf('consultation', { outcome: 'continued' })).toBe('OK');
  });
  it('supplementary opinions go with approvedWithOpinion only, and it needs one', () => {
    expect(
      codeOf('consultation', {
        outcome: 'approvedWithOpinion',
        voteMethod: 'unanimous',
        supplementaryOpinions: [' '],
      }),
    ).toBe('DELIBERATION_OPINION_REQUIRED');
    expect(
      codeOf('consultation', {
        outcome: 'approved',
        voteMethod: 'unanimous',
        supplementaryOpinions: ['意見'],
      }),
    ).toBe('DELIBERATION_OPINION_NOT_ALLOWED');
    expect(
      codeOf('consultation', {
        outcome: 'approvedWithOpinion',
        voteMethod: 'unanimous',
        supplementaryOpinions: ['意見'],
      }),
    ).toBe('OK');
  });
  it('a withdrawal needs its reason', () => {
    expect(codeOf('consultation', { outcome: 'withdrawn' })).toBe('DELIBERATION_WITHDRAWAL_REASON_REQUIRED');
    expect(codeOf('consultation', { outcome: 'withdrawn', withdrawalReason: '類型化を見送るため' })).toBe(
      'OK',
    );
  });
});

describe('correcting an outcome: the case transition that follows', () => {
  it.each([
    ['approvedWithOpinion', 'approved', 'correctOutcome', 'decided', 'decided'],
    ['approved', 'rejected', 'correctOutcome', 'decided', 'decided'],
    ['noted', 'continued', 'correctToContinued', 'decided', 'accepted'],
    ['approved', 'continued', 'correctToContinued', 'decided', 'accepted'],
    ['continued', 'approvedWithOpinion', 'correctFromContinued', 'accepted', 'decided'],
  ] as const)('%s → %s fires %s (%s → %s)', (from, to, action, caseFrom, caseTo) => {
    expect(correctionAction(from, to)).toBe(action);
    expect(caseMachine.check(action, caseFrom, 'secretariat', '理由')).toBe(caseTo);
  });

  it('continued corrected to continued leaves the case alone', () => {
    expect(correctionAction('continued', 'continued')).toBeNull();
  });

  it('a case whose reply was issued with conditions (付帯意見対応中) cannot be corrected', () => {
    expect(() => caseMachine.check('correctOutcome', 'conditionsOpen', 'secretariat', '理由')).toThrow(
      AppError,
    );
  });
});
