import { AppError } from '../common/errors/app-error';
import { minutesMachine } from './minutes-state-machine';

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
}

describe('minutes state machine', () => {
  it('goes drafting → circulating → confirmed → published for the secretariat', () => {
    expect(minutesMachine.check('circulate', 'drafting', 'secretariat')).toBe('circulating');
    expect(minutesMachine.check('confirm', 'circulating', 'secretariat')).toBe('confirmed');
    expect(minutesMachine.check('publish', 'confirmed', 'secretariat')).toBe('published');
  });

  it('refuses publishing before confirmation and skipping the round', () => {
    expect(code(() => minutesMachine.check('publish', 'drafting', 'secretariat'))).toBe(
      'WORKFLOW_TRANSITION_NOT_ALLOWED',
    );
    expect(code(() => minutesMachine.check('publish', 'circulating', 'secretariat'))).toBe(
      'WORKFLOW_TRANSITION_NOT_ALLOWED',
    );
    expect(code(() => minutesMachine.check('confirm', 'drafting', 'secretariat'))).toBe(
      'WORKFLOW_TRANSITION_NOT_ALLOWED',
    );
    expect(code(() => minutesMachine.check('circulate', 'published', 'secretariat'))).toBe(
      'WORKFLOW_TRANSITION_NOT_ALLOWED',
    );
  });

  it('goes back to drafting from any later state, with a reason', () => {
    for (const from of ['circulating', 'confirmed', 'published'] as const)
      expect(minutesMachine.check('backToDrafting', from, 'secretariat', '誤りがあったため')).toBe(
        'drafting',
      );
    expect(code(() => minutesMachine.check('backToDrafting', 'confirmed', 'secretariat', ''))).toBe(
      'WORKFLOW_COMMENT_REQUIRED',
    );
    expect(code(() => minutesMachine.check('backToDrafting', 'drafting', 'secretariat', 'x'))).toBe(
      'WORKFLOW_TRANSITION_NOT_ALLOWED',
    );
  });

  it('lets only the secretariat move the minutes', () => {
    for (const role of ['member', 'chair', 'clerk', 'admin'] as const)
      expect(code(() => minutesMachine.check('circulate', 'drafting', role))).toBe('WORKFLOW_ROLE_FORBIDDEN');
    expect(minutesMachine.allowed('drafting', 'member')).toEqual([]);
  });
});
