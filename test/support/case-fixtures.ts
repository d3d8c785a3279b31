import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loadCaseCatalog } from '../../src/cases/case-seed';
import { sampleCatalogue } from '../../src/council/setup/catalogues';
import { LegalBasis } from '../../src/cases/legal-basis.entity';

/** The sample council's legal-basis catalog, clause library and categorical registry (without the council). */
export async function seedCaseCatalog(ds: DataSource): Promise<void> {
  const seed = sampleCatalogue(join(process.cwd(), 'seeds'));
  await ds.transaction((m) => loadCaseCatalog(m, seed));
}

export async function basisIdOf(ds: DataSource, code: string): Promise<string> {
  return (await ds.getRepository(LegalBasis).findOneByOrFail({ code })).id;
}

export async function latestClauseVersionId(ds: DataSource, code: string): Promise<string> {
  const rows: { id: string }[] = await ds.query(
    `SELECT v.id FROM clause_set s JOIN clause_set_version v ON v.clause_set_id = s.id WHERE s.code = $1
      ORDER BY v.number DESC LIMIT 1`,
    [code],
  );
  return rows[0].id;
}

export const NO_ANSWERS = {
  processing: false,
  externalConnection: false,
  outsourcing: false,
  purposeExtension: false,
  sensitiveData: false,
  myNumber: false,
};

/** Creates a draft through the API and returns its body. */
export async function createCase(
  http: App,
  auth: { Authorization: string },
  body: Record<string, unknown>,
): Promise<request.Response['body']> {
  const res = await request(http).post('/api/cases').set(auth).send(body);
  if (res.status !== 201) throw new Error(`create case failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Saves changes to a case through the API (`body` carries the version the user saw); the request, to expect on. */
export function patchCase(
  http: App,
  auth: { Authorization: string },
  caseId: string,
  body: Record<string, unknown>,
): request.Test {
  return request(http).patch(`/api/cases/${caseId}`).set(auth).send(body);
}

/**
 * Two saves of the overview's purpose from the same `version`, `first` then `second` (a user and
 * what they typed): the first is saved, the second refused with 409 STALE_VERSION. Both answers.
 */
export async function raceTwoSaves(
  http: App,
  c: { id: string; version: number },
  first: [auth: { Authorization: string }, purpose: string],
  second: [auth: { Authorization: string }, purpose: string],
): Promise<{ saved: request.Response; stale: request.Response }> {
  const save = ([auth, purpose]: typeof first) =>
    patchCase(http, auth, c.id, { version: c.version, overview: { purpose } });
  const saved = await save(first).expect(200);
  const stale = await save(second).expect(409);
  expect(stale.body.code).toBe('STALE_VERSION');
  return { saved, stale };
}

/** Attaches a file to a case through the API (expecting 201); the attachment's body. */
export async function attachFile(
  http: App,
  auth: { Authorization: string },
  caseId: string,
  file: Buffer,
  name: string,
): Promise<{ id: string }> {
  return (
    await request(http)
      .post(`/api/cases/${caseId}/attachments`)
      .set(auth)
      .attach('file', file, name)
      .expect(201)
  ).body;
}
