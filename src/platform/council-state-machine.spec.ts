import { allowedMoves, codeOf, refusalOf } from '../../test/support/state-machine-spec';
import { AppError } from '../common/errors/app-error';
import { ACCOUNT_ROLE_LABELS, type AccountRole } from '../users/role';
import {
  beginRestore,
  COUNCIL_STATES,
  councilMachine,
  endRestore,
  isCouncilState,
} from './council-state-machine';

const ROLES = Object.keys(ACCOUNT_ROLE_LABELS) as AccountRole[];

describe('council state machine', () => {
  it('allows exactly suspend and resume (from restoring too), by the platform administrator; no account may start a restore', () => {
    expect(allowedMoves(councilMachine, COUNCIL_STATES, ROLES, '理由')).toEqual([
      'resume:restoring→active:platformAdmin',
      'resume:suspended→active:platformAdmin',
      'suspend:active→suspended:platformAdmin',
      'suspend:restoring→suspended:platformAdmin',
    ]);
    for (const role of ROLES)
      expect(codeOf(() => councilMachine.check('restore', 'active', role, '理由'))).toBe(
        'WORKFLOW_ROLE_FORBIDDEN',
      );
  });

  it.each(['active', 'suspended'] as const)(
    'the restore command moves a council from %s to restoring, and back with the move to that state',
    (from) => {
      expect(beginRestore(from)).toBe('restoring');
      const back = endRestore(from);
      expect(back.to).toBe(from);
      expect(councilMachine.check(back.action, 'restoring', 'platformAdmin', '復元の終了')).toBe(from);
    },
  );

  it('a restore does not start on a council already restoring: 409 naming the state', () => {
    const e = refusalOf(() => beginRestore('restoring'));
    expect(e.status).toBe(409);
    expect(e.code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED');
    expect(e.detail).toContain('「復元中」');
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
    expect(councilMachine.allowed('restoring', 'platformAdmin')).toEqual(['suspend', 'resume']);
    expect(councilMachine.allowed('active', 'admin')).toEqual([]);
  });

  it('knows its states', () => {
    expect(isCouncilState('active')).toBe(true);
    expect(isCouncilState('suspended')).toBe(true);
    expect(isCouncilState('restoring')).toBe(true);
    expect(isCouncilState('deleted')).toBe(false);
  });
});
