import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseFile } from '../../src/cases/case-file.entity';
import { loadCaseCatalog, writeSeedCase, type CaseSeed } from '../../src/cases/case-seed';
import { sampleCatalogue } from '../../src/council/setup/catalogues';
import { LegalBasis } from '../../src/cases/legal-basis.entity';
import { Department } from '../../src/departments/department.entity';
import { User } from '../../src/users/user.entity';
import { CouncilMember, type MemberTitle } from '../../src/council/council-member.entity';
import type { CaseState } from '../../src/workflow/case-state-machine';

let seq = 0;

/**
 * A draft whose content passes the case-file submission check (the rooftop-greening sample of
 * `seeds/cases.json`, with the catalog loaded on first use), under the given title, department and
 * procedure. The workflow tests move it through its states; its content is not their concern.
 */
export async function makeCase(
  ds: DataSource,
  opts: {
    departmentId: string;
    createdById: string;
    title?: string;
    procedure?: 'consultation' | 'report';
    status?: CaseState;
  },
): Promise<CaseFile> {
  return ds.transaction(async (m) => {
    if ((await m.count(LegalBasis)) === 0)
      await loadCaseCatalog(m, sampleCatalogue(join(process.cwd(), 'seeds')));
    const sample = readSeed<{ cases: CaseSeed[] }>('cases.json').cases[0];
    const dept = await m.findOneByOrFail(Department, { id: opts.departmentId });
    const user = await m.findOneByOrFail(User, { id: opts.createdById });
    const title = opts.title ?? `テスト事案${++seq}`;
    const row = await writeSeedCase(m, { ...sample, title }, dept, user);
    await m.update(
      CaseFile,
      { id: row.id },
      { procedure: opts.procedure ?? 'consultation', status: opts.status ?? 'draft' },
    );
    return m.findOneByOrFail(CaseFile, { id: row.id });
  });
}

function readSeed<T>(file: string): T {
  return JSON.parse(readFileSync(join(process.cwd(), 'seeds', file), 'utf8')) as T;
}

export async function makeCouncilMember(
  ds: DataSource,
  opts: { name?: string; title?: MemberTitle; termStart?: string; termEnd?: string; userId?: string | null },
): Promise<CouncilMember> {
  const repo = ds.getRepository(CouncilMember);
  return repo.save(
    repo.create({
      name: opts.name ?? `委員${++seq}`,
      title: opts.title ?? 'member',
      affiliation: null,
      termStart: opts.termStart ?? '2025-04-01',
      termEnd: opts.termEnd ?? '2099-03-31',
      userId: opts.userId ?? null,
    }),
  );
}

/** Submits (as the clerk) and accepts (as the secretariat) through the API; returns the 受付番号. */
export async function submitAndAccept(
  http: App,
  caseId: string,
  clerk: { Authorization: string },
  secretariat: { Authorization: string },
): Promise<string> {
  await request(http).post(`/api/workflow/cases/${caseId}/submit`).set(clerk).send({}).expect(200);
  const res = await request(http)
    .post(`/api/workflow/cases/${caseId}/accept`)
    .set(secretariat)
    .send({})
    .expect(200);
  return res.body.receiptNumber as string;
}

/** Marks the council member present, then convenes and holds the meeting (outcomes can be recorded). */
export async function holdMeeting(
  http: App,
  meetingId: string,
  councilMemberId: string,
  secretariat: { Authorization: string },
): Promise<void> {
  await request(http)
    .put(`/api/meetings/${meetingId}/attendance`)
    .set(secretariat)
    .send({ councilMemberId, attendance: 'present' })
    .expect(204);
  await conveneAndHold(http, meetingId, secretariat);
}

/** Convenes a planned meeting and marks it held, through the API (as the secretariat). */
export async function conveneAndHold(
  http: App,
  meetingId: string,
  secretariat: { Authorization: string },
): Promise<void> {
  for (const action of ['convene', 'hold'])
    await request(http)
      .post(`/api/meetings/${meetingId}/state/${action}`)
      .set(secretariat)
      .send({})
      .expect(200);
}
