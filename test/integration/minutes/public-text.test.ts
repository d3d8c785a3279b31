import request from 'supertest';
import { Meeting } from '../../../src/meetings/meeting.entity';
import { sampleAppSuite } from '../../support/sample-app';

/** The published sample minutes (Odawara 70th) and replies, as a citizen reads them on the portal. */
const sample = sampleAppSuite();

it('replaces explainer names by their posts without repeating the department or doubling 課', async () => {
  const { t } = sample;
  const meeting = await t.ds.getRepository(Meeting).findOneByOrFail({ number: 70 });
  const page = (await request(t.http).get(`/public/shinjuku/minutes/${meeting.id}`).expect(200)).text;
  expect(page).toContain('(下水道総務課) 課長、業務係長');
  expect(page).toContain('(営業課) 課長、副課長、総務係長、主任');
  expect(page).toContain('下水道総務課長');
  expect(page).not.toContain('下水道総務課) 下水道総務課');
  expect(page).not.toContain('課課長');
  expect(page).not.toContain('清水課長');
});

it('prints （答申） once in the title of a public reply', async () => {
  const { t } = sample;
  const index = (await request(t.http).get('/public/shinjuku').expect(200)).text;
  const links = [...index.matchAll(/href="(\/public\/shinjuku\/replies\/[0-9a-f-]+)"/g)].map((x) => x[1]);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    const page = (await request(t.http).get(link).expect(200)).text;
    expect(page).toContain('（答申）');
    expect(page).not.toContain('（答申）（答申）');
  }
});
