import type { SeedStep } from '../seeds/sample-data';
import { RegisterEntry, RegisterProposal } from './register.entity';
import { EMPTY_FIELDS, type RegisterFields } from './register-fields';
import { applyStatus, insertEntry, proposeFromCase, type ChangedBy } from './register-writes';

interface FileRegisterSeed {
  /** Issued approving replies of the sample cases: confirmed (with the department's edits) or left pending. */
  fromCases: {
    caseTitle: string;
    confirmedBy?: string;
    publish?: boolean;
    pending?: boolean;
    fields?: Partial<RegisterFields>;
  }[];
  entries: {
    department: string;
    by: string | null;
    status: 'draft' | 'published';
    fields: Partial<RegisterFields>;
  }[];
}

/**
 * The sample register: two entries caused by sample cases (their proposals confirmed by the
 * department), one proposal still waiting, and entries kept by hand (published, excluded, draft).
 */
export const fileRegisterSeed: SeedStep = {
  ...fileRegisterFrom('file-register.json'),
  name: 'file-register',
};

/** The register of a seed file (same shape as file-register.json), for the council being loaded. */
export function fileRegisterFrom(file: string): SeedStep {
  return {
    name: `file-register:${file}`,
    run: async ({ manager: m, readJson }) => {
      const seed = readJson<FileRegisterSeed>(file);
      const users = new Map<string, ChangedBy>(
        (await m.query(`SELECT id, username, display_name AS name FROM app_user`)).map(
          (u: { id: string; username: string; name: string }) => [u.username, { id: u.id, name: u.name }],
        ),
      );
      const byName = (username: string | null | undefined): ChangedBy =>
        (username && users.get(username)) || { id: null, name: '（初期データ）' };
      for (const s of seed.fromCases) {
        const [reply]: { case_id: string; reply_id: string; department_id: string; issued_at: Date }[] =
          await m.query(
            `SELECT r.case_id, r.id AS reply_id, c.department_id, r.issued_at FROM reply r JOIN case_file c ON c.id = r.case_id
          WHERE c.title = $1 AND r.state = 'issued' AND r.outcome <> 'rejected'`,
            [s.caseTitle],
          );
        if (!reply) throw new Error(`seeds/${file}: no issued approving reply for 「${s.caseTitle}」`);
        const proposalId = await proposeFromCase(m, reply.case_id, reply.reply_id);
        if (!proposalId) continue;
        await m.query(`UPDATE register_proposal SET created_at = $2 WHERE id = $1`, [
          proposalId,
          reply.issued_at,
        ]);
        if (s.pending) continue;
        const proposal = await m.findOneByOrFail(RegisterProposal, { id: proposalId });
        const fields = { ...proposal.fields, ...s.fields };
        const by = byName(s.confirmedBy);
        const cause = { reason: '諮問事案の答申による変更案の確定', caseId: reply.case_id, proposalId };
        let entry: RegisterEntry = await insertEntry(m, by, reply.department_id, 'file', fields, cause);
        if (s.publish)
          entry = await applyStatus(m, by, entry, 'published', {
            reason: '答申を受けて公表',
            caseId: reply.case_id,
          });
        const decidedAt = new Date(reply.issued_at.getTime() + 14 * 86_400_000);
        await m.update(
          RegisterProposal,
          { id: proposalId },
          { state: 'confirmed', fields, entryId: entry.id, decidedById: by.id, decidedAt },
        );
        // The history as it happened: confirmed two weeks after the reply, published the next day.
        await m.query(
          `UPDATE register_entry_version SET changed_at = $2::timestamptz + (revision - 1) * interval '1 day'
          WHERE entry_id = $1`,
          [entry.id, decidedAt],
        );
      }
      for (const e of seed.entries) {
        const [dept]: { id: string }[] = await m.query(`SELECT id FROM department WHERE code = $1`, [
          e.department,
        ]);
        const by = byName(e.by);
        const entry = await insertEntry(
          m,
          by,
          dept.id,
          'file',
          { ...EMPTY_FIELDS, ...e.fields },
          { reason: '新規登録' },
        );
        if (e.status === 'published') await applyStatus(m, by, entry, 'published', { reason: '公表' });
      }
    },
  };
}
