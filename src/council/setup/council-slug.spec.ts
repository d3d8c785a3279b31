import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateCouncilDto } from './council-setup.dto';

const base = {
  municipality: '新宿区',
  councilName: '新宿区情報公開・個人情報保護審議会',
  implementingBody: '新宿区長',
  secretariat: '総務課',
  catalogue: 'current-law',
  adminUsername: 'admin',
  adminPassword: 'Kanri-2026-init!',
};

async function slugErrors(slug: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(CreateCouncilDto, { ...base, slug }));
  return errors.filter((e) => e.property === 'slug').flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('the council slug of the setup (公開ポータルの URL の英字名)', () => {
  it.each(['shinjuku', 'odawara-city', 'c1', 'a', ' shinjuku ', undefined])('accepts %p', async (slug) => {
    expect(await slugErrors(slug)).toEqual([]);
  });

  it.each(['Shinjuku', '新宿', 'shin_juku', '-shinjuku', 'shinjuku-', 'a'.repeat(41), 'shin juku'])(
    'refuses %p in Japanese',
    async (slug) => {
      const errors = await slugErrors(slug);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join()).toMatch(/英字名|文字/);
    },
  );

  it.each(['api', 'minutes', 'replies'])('refuses the portal word %p', async (slug) => {
    expect(await slugErrors(slug)).toEqual([
      'この語は公開ポータルの URL で使われているため、英字名にできません',
    ]);
  });
});
