import { AppError } from '../common/errors/app-error';
import { incidentMachine, INCIDENT_STATES } from './incident-state-machine';

describe('incident state machine: 報告受付 → 調査中 → 対応完了', () => {
  it.each([
    ['investigate', 'received', 'clerk', 'investigating'],
    ['investigate', 'received', 'secretariat', 'investigating'],
    ['resolve', 'investigating', 'clerk', 'resolved'],
    ['resolve', 'investigating', 'secretariat', 'resolved'],
  ] as const)('%s from %s as %s → %s', (action, from, role, to) => {
    expect(incidentMachine.check(action, from, role)).toBe(to);
  });

  it('cannot skip 調査中', () => {
    expect(() => incidentMachine.check('resolve', 'received', 'secretariat')).toThrow(
      '「報告受付」の状態のため、「対応完了」はできません',
    );
  });

  it('only the secretariat reopens a completed incident, with a reason', () => {
    expect(() => incidentMachine.check('reopen', 'resolved', 'clerk', '再調査')).toThrow(AppError);
    expect(() => incidentMachine.check('reopen', 'resolved', 'secretariat', '')).toThrow('理由（コメント）');
    expect(incidentMachine.check('reopen', 'resolved', 'secretariat', '追加の漏えいが判明')).toBe(
      'investigating',
    );
  });

  it('members and admins fire nothing, in any state', () => {
    for (const s of INCIDENT_STATES)
      for (const role of ['member', 'chair', 'admin'] as const)
        expect(incidentMachine.allowed(s, role)).toEqual([]);
  });

  it('offers each role its buttons', () => {
    expect(incidentMachine.allowed('received', 'clerk')).toEqual(['investigate']);
    expect(incidentMachine.allowed('resolved', 'clerk')).toEqual([]);
    expect(incidentMachine.allowed('resolved', 'secretariat')).toEqual(['reopen']);
  });
});
