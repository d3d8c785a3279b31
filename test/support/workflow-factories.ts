import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { CaseFile } from '../../src/cases/case-file.entity';
import { CouncilMember, type MemberTitle } from '../../src/council/council-member.entity';

let seq = 0;

/** A case row as the case-file feature would leave it (its content is not the workflow's concern). */
export async function makeCase(
  ds: DataSource,
  opts: {
    departmentId: string;
    createdById: string;
    title?: string;
    procedure?: 'consultation' | 'report';
    status?: string;
  },
): Promise<CaseFile> {
  const repo = ds.getRepository(CaseFile);
  return repo.save(
    repo.create({
      departmentId: opts.departmentId,
      createdById: opts.createdById,
      title: opts.title ?? `テスト事案${++seq}`,
      procedure: opts.procedure ?? 'consultation',
      status: opts.status ?? 'draft',
    }),
  );
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
