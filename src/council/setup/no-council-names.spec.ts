import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * A council is data: no municipality, council or ordinance name may be written into the product's
 * code or templates — every paper reads them from the council row. The names come from the sample
 * data in seeds/ (so the check runs on a clean clone), plus the names of other councils the
 * project has worked from. Unit specs (*.spec.ts) are test fixtures and may name real councils.
 */

const ROOT = process.cwd();
const readSeed = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, 'seeds', file), 'utf8')) as T;
const LOCAL_BODY = /^(.+?[都道府県市区町村])/;

function namesFromSeeds(): string[] {
  const foundation = readSeed<{ municipality: Record<'name' | 'councilName' | 'implementingBody', string> }>(
    'foundation.json',
  );
  const catalog = readSeed<{
    legalBases: { ordinance: string }[];
    categoricalConsultations: { criteria: Record<string, unknown> }[];
  }>('case-catalog.json');
  const workflow = readSeed<{ replyParties: { addressee: string; sender: string } }>('council-workflow.json');
  const sender = workflow.replyParties.sender.split(/\s/)[0];
  // The second sample council (seeds/aoba/).
  const second = readSeed<{ municipality: Record<string, string> }>('aoba/foundation.json');
  const texts = [
    ...Object.values(foundation.municipality),
    ...Object.values(second.municipality),
    ...catalog.legalBases.map((b) => b.ordinance),
    ...catalog.categoricalConsultations.map((c) => String(c.criteria.ordinance ?? '')),
    workflow.replyParties.addressee,
    sender,
  ].filter(Boolean);
  // Each text, and the local body it begins with (小田原市長 → 小田原市).
  return [...texts, ...texts.map((t) => LOCAL_BODY.exec(t)?.[1] ?? '')].filter((n) => n.length >= 3);
}

const OTHER_COUNCILS = ['新宿区', '小田原市', '世田谷区', '江東区'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|hbs|css|js|html|json)$/.test(name) && !name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('no council is written into the product', () => {
  const names = [...new Set([...namesFromSeeds(), ...OTHER_COUNCILS])];

  it('finds the sample councils’ names in seeds/', () => {
    expect(names).toEqual(expect.arrayContaining(['新宿区', '新宿区長', '小田原市', '小田原市長', '青葉市']));
  });

  it('src/ and templates/ name no municipality, council or ordinance', () => {
    const hits: string[] = [];
    for (const file of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'templates'))]) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const found = names.filter((n) => line.includes(n));
        if (found.length) hits.push(`${relative(ROOT, file)}:${i + 1}: ${found.join(', ')}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
