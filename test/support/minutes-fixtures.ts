import request from 'supertest';
import type { App } from 'supertest/types';

/** The section headings of minutes whose meeting had both consultations and reports, in order. */
export const MINUTES_SECTIONS = [
  '5 会議の概要',
  '(1) 開会',
  '(2) 議事',
  '< 諮問審議 >',
  '< 報告事項 >',
  '(3) その他',
  '(4) 閉会',
];

/**
 * Strings only the internal record of the sample meeting (No. 70) holds: the explainers' names and
 * the Q&A of item エ, which is deliberated in closed session.
 */
export const SAMPLE_MEETING_INTERNAL_ONLY = [
  '清水課長',
  '福田業務係長',
  '渡邊総務係長',
  '笠間課長',
  '公益上の必要性は誰が判断するのか',
  '類型として認められれば実施機関が判断する',
];

/** The secretariat accepts a member's correction of the minutes through the API. */
export async function acceptCorrection(
  http: App,
  secretariat: { Authorization: string },
  correctionId: string,
): Promise<void> {
  await request(http)
    .post(`/api/minutes/corrections/${correctionId}/decision`)
    .set(secretariat)
    .send({ accept: true })
    .expect(200);
}

/** The secretariat generates a meeting's minutes and sends them round for confirmation until `deadline`. */
export async function generateAndCirculate(
  http: App,
  secretariat: { Authorization: string },
  meetingId: string,
  deadline: string,
): Promise<void> {
  const minutes = `/api/minutes/${meetingId}`;
  await request(http).post(`${minutes}/generate`).set(secretariat).send({}).expect(200);
  await request(http).post(`${minutes}/actions/circulate`).set(secretariat).send({ deadline }).expect(200);
}
