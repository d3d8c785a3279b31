import { Meeting } from '../meetings/meeting.entity';
import {
  type MaskStatus,
  Minutes,
  MinutesConfirmation,
  MinutesMask,
  MinutesRedactionSetting,
} from '../minutes/minutes.entity';
import { generateMinutes } from '../minutes/minutes-generator';
import { loadMinutesRecord, loadRecordPeople } from '../minutes/minutes-record';
import { buildPublicLines, proposeMasks } from '../minutes/redaction/public-version';
import type { SeedStep } from './sample-data';

/**
 * The Odawara 70th meeting's minutes: generated from its record, confirmed by the eight members
 * who attended (by post, as in 2017: they have no accounts), redacted (explainer names replaced by
 * their titles; every proposal accepted) and published.
 */
export const minutesSeed: SeedStep = {
  name: 'minutes',
  run: async ({ manager: m }) => {
    const meeting = await m.findOneByOrFail(Meeting, { number: 70 });
    const lines = generateMinutes(await loadMinutesRecord(m, meeting)).map((g) => ({
      ...g,
      source: 'generated' as const,
      generatedText: g.text,
      after: null,
    }));
    const circulatedAt = new Date('2017-08-01T10:00:00+09:00');
    const confirmedAt = new Date('2017-08-18T10:00:00+09:00');
    const publishedAt = new Date('2017-08-25T10:00:00+09:00');
    const setting = await m.findOneByOrFail(MinutesRedactionSetting, { id: 1 });
    const candidates = proposeMasks(lines, await loadRecordPeople(m, meeting.id, setting), setting.allowList);
    const accepted = candidates.map((c) => {
      const status: MaskStatus = c.status === 'proposed' ? 'accepted' : c.status;
      return { ...c, status };
    });
    const minutes = await m.save(
      m.create(Minutes, {
        meetingId: meeting.id,
        state: 'published',
        lines,
        warnings: [],
        publicLines: buildPublicLines(
          lines,
          accepted.filter((c) => c.status === 'accepted'),
        ),
        deadline: '2017-08-15',
        round: 1,
        circulatedAt,
        confirmedAt,
        publishedAt,
        redactionPrepared: true,
      }),
    );
    const members: { council_member_id: string; user_id: string | null; name: string }[] = await m.query(
      `SELECT a.council_member_id, cm.user_id, cm.name FROM meeting_attendee a JOIN council_member cm ON cm.id = a.council_member_id
        WHERE a.meeting_id = $1 AND a.category = 'member' AND a.attendance = 'present'
        ORDER BY a.sort_order, cm.roster_order`,
      [meeting.id],
    );
    for (const a of members)
      await m.save(
        m.create(MinutesConfirmation, {
          minutesId: minutes.id,
          round: 1,
          councilMemberId: a.council_member_id,
          userId: a.user_id,
          memberName: a.name,
          status: 'confirmed',
          respondedAt: new Date('2017-08-10T10:00:00+09:00'),
        }),
      );
    for (const c of accepted)
      await m.save(m.create(MinutesMask, { ...c, minutesId: minutes.id, decidedAt: publishedAt }));
  },
};
