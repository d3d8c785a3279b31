import { parseForm } from '../../views/form';
import { CreateRosterMemberDto, UpdateRosterMemberDto } from './roster.dto';

const member = { name: '新井 恵', title: 'member', termStart: '2026-04-01', termEnd: '2028-03-31' };

describe('roster member input', () => {
  it('takes a term as calendar days only', async () => {
    for (const [day, ok] of [
      ['2028-02-29', true],
      ['2027-02-29', false],
      ['2026-13-01', false],
      ['2026-4-1', false],
      ['2026-04-01T00:00:00+09:00', false],
    ] as const) {
      const { errors } = await parseForm(CreateRosterMemberDto, { ...member, termEnd: day });
      expect({ day, errors }).toEqual({
        day,
        errors: ok ? null : { termEnd: ['日付（YYYY-MM-DD）で入力してください'] },
      });
    }
  });

  it('stores an empty affiliation as none', async () => {
    const { dto, errors } = await parseForm(CreateRosterMemberDto, { ...member, affiliation: '  ' });
    expect(errors).toBeNull();
    expect(dto.affiliation).toBeNull();
  });

  it('edits any field alone, but always names the version', async () => {
    expect((await parseForm(UpdateRosterMemberDto, { version: 3, title: 'viceChair' })).errors).toBeNull();
    expect((await parseForm(UpdateRosterMemberDto, { title: 'viceChair' })).errors).toHaveProperty('version');
    expect(
      (await parseForm(UpdateRosterMemberDto, { version: 3, title: 'president' })).errors,
    ).toHaveProperty('title');
  });
});
