import { allowedMoves, codeOf } from '../../test/support/state-machine-spec';
import { AppError } from '../common/errors/app-error';
import { ACCOUNT_ROLE_LABELS, type AccountRole } from '../users/role';
import { COUNCIL_STATES, councilMachine, isCouncilState } from './council-state-machine';

const ROLES = Object.keys(ACCOUNT_ROLE_LABELS) as AccountRole[];

describe('council state machine', () => {
  it('allows exactly suspend (active → suspended) and resume (suspended → active), by the platform administrator', () => {
    expect(allowedMoves(councilMachine, COUNCIL_STATES, ROLES, '理由')).toEqual([
      'resume:suspended→active:platformAdmin',
      'suspend:active→suspended:platformAdmin',
    ]);
  });

  it.each([
    ['suspend', 'suspended'],
    ['resume', 'active'],
  ] as const)('%s from %s (already there) is a 409 naming the state', (action, from) => {
    try {
      councilMachine.check(action, from, 'platformAdmin', '理由');
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(409);
      expect((e as AppError).detail).toContain(`「${councilMachine.label(from)}」`);
    }
  });

  it.each(['clerk', 'secretariat', 'member', 'chair', 'admin'] as const)(
    'a council role (%s, the council administrator included) may fire neither move: 403',
    (role) => {
      expect(codeOf(() => councilMachine.check('suspend', 'active', role, '理由'))).toBe(
        'WORKFLOW_ROLE_FORBIDDEN',
      );
      expect(codeOf(() => councilMachine.check('resume', 'suspended', role, '理由'))).toBe(
        'WORKFLOW_ROLE_FORBIDDEN',
      );
    },
  );

  it.each([
    ['suspend', 'active'],
    ['resume', 'suspended'],
  ] as const)('%s needs a reason', (action, from) => {
    expect(codeOf(() => councilMachine.check(action, from, 'platformAdmin', '  '))).toBe(
      'WORKFLOW_COMMENT_REQUIRED',
    );
    expect(codeOf(() => councilMachine.check(action, from, 'platformAdmin', null))).toBe(
      'WORKFLOW_COMMENT_REQUIRED',
    );
  });

  it('offers the buttons of each state', () => {
    expect(councilMachine.allowed('active', 'platformAdmin')).toEqual(['suspend']);
    expect(councilMachine.allowed('suspended', 'platformAdmin')).toEqual(['resume']);
    expect(councilMachine.allowed('active', 'admin')).toEqual([]);
  });

  it('knows its states', () => {
    expect(isCouncilState('active')).toBe(true);
    expect(isCouncilState('suspended')).toBe(true);
    expect(isCouncilState('deleted')).toBe(false);
  });
});
