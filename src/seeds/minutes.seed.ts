import { Meeting } from '../meetings/meeting.entity';
import {
  type MaskStatus,
  Minutes,
  MinutesConfirmation,
  MinutesCorrection,
  MinutesMask,
} from '../minutes/minutes.entity';
import { generateMinutes } from '../minutes/minutes-generator';
import { editLine, type MinutesLine } from '../minutes/minutes-lines';
import { loadMinutesRecord, loadRecordPeople } from '../minutes/minutes-record';
import { buildPublicLines, proposeMasks } from '../minutes/redaction/public-version';
import type { SeedStep } from './sample-data';
import { todayInJapan } from '../common/format/today';
import { minutesRedactionSetting } from '../council/current-council';

/**
 * The Odawara 70th meeting's minutes: generated from its record, confirmed by the eight members
 * who attended (by post, as in 2017: they have no accounts), redacted (explainer names replaced by
 * their titles; every proposal accepted) and published. Mid-round, 本田委員 asked by post for a
 * correction of his question; the secretariat applied it as a tracked change while the round went
 * on, and the chair, who had already confirmed, confirmed the changed text again.
 */
export const minutesSeed: SeedStep = {
  name: 'minutes',
  run: async ({ manager: m }) => {
    const meeting = await m.findOneByOrFail(Meeting, { number: 70 });
    const lines: MinutesLine[] = generateMinutes(await loadMinutesRecord(m, meeting)).map((g) => ({
      ...g,
      source: 'generated' as const,
      generatedText: g.text,
      after: null,
    }));
    // The postal correction applied mid-round (the line as circulated is kept as the text before).
    const corrected = lines.findIndex((l) => l.text === POSTAL.before);
    if (corrected < 0) throw new Error('minutes seed: the corrected line is missing from the record');
    const correctedKey = lines[corrected].key;
    lines[corrected] = { ...editLine(lines[corrected], POSTAL.after), after: null };
    const circulatedAt = new Date('2017-08-01T10:00:00+09:00');
    const confirmedAt = new Date('2017-08-18T10:00:00+09:00');
    const publishedAt = new Date('2017-08-25T10:00:00+09:00');
    const setting = await minutesRedactionSetting(m);
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
    const [clerk]: { id: string; display_name: string }[] = await m.query(
      `SELECT id, display_name FROM app_user WHERE username = 'secretariat'`,
    );
    const confirmedOn = new Date('2017-08-10T10:00:00+09:00');
    for (const a of members) {
      const asker = a.name === POSTAL.member;
      const row = await m.save(
        m.create(MinutesConfirmation, {
          minutesId: minutes.id,
          round: 1,
          councilMemberId: a.council_member_id,
          userId: a.user_id,
          memberName: a.name,
          status: asker ? 'corrected' : 'confirmed',
          respondedAt: asker ? POSTAL.receivedAt : confirmedOn,
          lastConfirmedAt: asker ? null : confirmedOn,
          ...(asker
            ? {
                channel: 'paper' as const,
                receivedOn: todayInJapan(POSTAL.receivedAt),
                recordedById: clerk?.id ?? null,
                recordedByName: clerk?.display_name ?? '事務局',
              }
            : {}),
        }),
      );
      if (asker)
        await m.save(
          m.create(MinutesCorrection, {
            minutesId: minutes.id,
            confirmationId: row.id,
            lineKey: correctedKey,
            originalText: POSTAL.before,
            proposedText: POSTAL.after,
            textBefore: POSTAL.before,
            comment: POSTAL.letter,
            status: 'accepted',
            decidedById: clerk?.id ?? null,
            decidedAt: POSTAL.acceptedAt,
            createdAt: POSTAL.receivedAt,
          }),
        );
    }
    for (const c of accepted)
      await m.save(m.create(MinutesMask, { ...c, minutesId: minutes.id, decidedAt: publishedAt }));
  },
};

/** 本田委員's correction by post, received and applied while the round was open. */
const POSTAL = {
  member: '本田 耕一',
  before: '県営水道の区域でも手続は同じなのか。',
  after: '県営水道の区域でも手続きは同じなのか。',
  letter: '「手続は」を「手続きは」に改めてください。',
  receivedAt: new Date('2017-08-07T10:00:00+09:00'),
  acceptedAt: new Date('2017-08-08T10:00:00+09:00'),
};
