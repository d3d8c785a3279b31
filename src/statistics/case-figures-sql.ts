/**
 * SQL pieces the figures share (statistics, KPIs, standing reports), so each rule is written once.
 */

/** Each case's first submission (`case_id`, `at`): a case counts from the day it was first submitted. */
export const FIRST_SUBMISSIONS = `(SELECT case_id, min(occurred_at) AS at FROM case_transition WHERE action = 'submit' GROUP BY case_id)`;

/** 諮問 when the case `c` is a consultation; else 事前報告 when any basis asks for one; else 報告. */
export const PROCEDURE_KIND = `CASE WHEN c.procedure = 'consultation' THEN 'consultation'
         WHEN EXISTS (SELECT 1 FROM case_legal_basis cb JOIN legal_basis b ON b.id = cb.legal_basis_id
                       WHERE cb.case_id = c.id AND b.procedure = 'priorReport') THEN 'priorReport'
         ELSE 'report' END`;

/**
 * When condition `c` (its reply joined as `r`) came to exist: its reply's 答申日, its first transition or
 * its row, whichever is first (imported or re-entered history keeps its dates though the row is new).
 */
export const CONDITION_SINCE = `LEAST(c.created_at, r.reply_date::timestamp AT TIME ZONE 'Asia/Tokyo',
                (SELECT min(t.occurred_at) FROM condition_transition t WHERE t.condition_id = c.id))`;
