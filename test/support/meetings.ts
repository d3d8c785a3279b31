import request from 'supertest';
import type { App } from 'supertest/types';
import { postBody } from './http';

type Auth = { Authorization: string };

/** Plans a meeting through the API (as the secretariat); the new meeting's id. */
export function planMeeting(
  http: App,
  secretariat: Auth,
  fields: { number: number; startsAt: string; endsAt?: string; place: string },
): Promise<{ id: string }> {
  return postBody(http, secretariat, '/api/meetings', fields);
}

/** Puts an accepted case on a meeting's agenda through the API (as the secretariat); the agenda item. */
export function scheduleCase(
  http: App,
  secretariat: Auth,
  meetingId: string,
  caseId: string,
): Promise<{ id: string }> {
  return postBody(http, secretariat, `/api/meetings/${meetingId}/agenda/cases`, { caseId });
}

/** Records the outcome of an agenda item through the API (as the secretariat); the request, to expect on. */
export function postOutcome(
  http: App,
  secretariat: Auth,
  meetingId: string,
  itemId: string,
  body: Record<string, unknown>,
): request.Test {
  return request(http)
    .post(`/api/meetings/${meetingId}/agenda/${itemId}/outcome`)
    .set(secretariat)
    .send(body);
}
