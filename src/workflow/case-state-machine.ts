import { StateMachine, type TransitionTable } from './state-machine';

export const CASE_STATES = [
  'draft',
  'submitted',
  'sentBack',
  'accepted',
  'scheduled',
  'decided',
  'withdrawn',
  'conditionsOpen',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  draft: '作成中',
  submitted: '提出済み（受付待ち）',
  sentBack: '差戻し',
  accepted: '受付済み',
  scheduled: '審議予定',
  decided: '審議済み',
  withdrawn: '取下げ',
  conditionsOpen: '付帯意見対応中',
  closed: '完了',
};

export type CaseAction =
  | 'submit'
  | 'resubmit'
  | 'sendBack'
  | 'accept'
  | 'schedule'
  | 'unschedule'
  | 'decide'
  | 'continue'
  | 'withdraw'
  | 'recordWithdrawal'
  | 'openConditions'
  | 'closeConditions'
  | 'reopenConditions'
  | 'correctOutcome'
  | 'correctToContinued'
  | 'correctFromContinued';

/**
 * The whole case workflow in one table. Record-level rules (own department, segregation of
 * duties, the meeting being held) are checked by the services that fire these actions.
 */
export const CASE_TRANSITIONS: TransitionTable<CaseState, CaseAction> = {
  submit: { from: ['draft'], to: 'submitted', roles: ['clerk'], label: '提出' },
  resubmit: { from: ['sentBack'], to: 'submitted', roles: ['clerk'], label: '再提出' },
  sendBack: {
    from: ['submitted'],
    to: 'sentBack',
    roles: ['secretariat'],
    label: '差戻し',
    requiresComment: true,
  },
  accept: { from: ['submitted'], to: 'accepted', roles: ['secretariat'], label: '受付' },
  schedule: { from: ['accepted'], to: 'scheduled', roles: ['secretariat'], label: '議題に追加' },
  unschedule: { from: ['scheduled'], to: 'accepted', roles: ['secretariat'], label: '議題から削除' },
  decide: { from: ['scheduled'], to: 'decided', roles: ['secretariat'], label: '審議結果の記録' },
  continue: { from: ['scheduled'], to: 'accepted', roles: ['secretariat'], label: '継続審議' },
  withdraw: {
    from: ['submitted', 'sentBack', 'accepted', 'scheduled'],
    to: 'withdrawn',
    roles: ['clerk'],
    label: '取下げ',
    requiresComment: true,
  },
  recordWithdrawal: {
    from: ['scheduled'],
    to: 'withdrawn',
    roles: ['secretariat'],
    label: '会議での取下げの記録',
    requiresComment: true,
  },
  openConditions: {
    from: ['decided'],
    to: 'conditionsOpen',
    roles: ['secretariat'],
    label: '付帯意見の対応開始',
  },
  closeConditions: {
    from: ['conditionsOpen'],
    to: 'closed',
    roles: ['secretariat'],
    label: '付帯意見の対応完了',
  },
  reopenConditions: {
    from: ['closed'],
    to: 'conditionsOpen',
    roles: ['secretariat'],
    label: '付帯意見の対応再開',
  },
  // Correcting a recorded outcome (the wrong button was clicked). Only before the reply is
  // issued: an issued reply moves the case on (conditionsOpen) or is refused by the service.
  correctOutcome: {
    from: ['decided'],
    to: 'decided',
    roles: ['secretariat'],
    label: '審議結果の訂正',
    requiresComment: true,
  },
  correctToContinued: {
    from: ['decided'],
    to: 'accepted',
    roles: ['secretariat'],
    label: '審議結果の訂正（継続審議へ）',
    requiresComment: true,
  },
  correctFromContinued: {
    from: ['accepted'],
    to: 'decided',
    roles: ['secretariat'],
    label: '審議結果の訂正（継続審議から）',
    requiresComment: true,
  },
};

export const caseMachine = new StateMachine<CaseState, CaseAction>(
  'この事案',
  CASE_TRANSITIONS,
  CASE_STATE_LABELS,
);

/** Actions a person fires directly from the case screen; the others follow from meetings and conditions. */
export const MANUAL_CASE_ACTIONS: readonly CaseAction[] = [
  'submit',
  'resubmit',
  'sendBack',
  'accept',
  'withdraw',
];
