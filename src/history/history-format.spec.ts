import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv';
import { parseHistoryCsv } from './history-csv';
import { parseHistoryJson, recordDigest } from './history-format';
import { pointerOf, receiptSequence } from './history-plan';

const SAMPLE = readFileSync(join(process.cwd(), 'seeds', 'history', 'sample-import.json'), 'utf8');
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('history import format', () => {
  it('reads the sample without errors, keeping dates and numbers as written', () => {
    const { doc, errors } = parseHistoryJson(SAMPLE);
    expect(errors).toEqual([]);
    expect(doc.source).toBe('sample-h29');
    expect(doc.meetings.map((m) => [m.number, m.startsAt])).toEqual([[65, '2017-02-17T14:00:00+09:00']]);
    expect(doc.cases.map((c) => [c.receiptNumber, c.receivedOn, c.reply?.number, c.reply?.date])).toEqual([
      ['H28-021', '2017-01-20', 5, '2017-02-24'],
      ['H28-022', '2017-01-27', 6, '2017-02-24'],
    ]);
  });

  it('reports every problem of a document at once, each by its JSON pointer', () => {
    const bad = JSON.parse(SAMPLE);
    bad.format = 'other/2';
    bad.source = 'サンプル';
    bad.meetings.push({ ...bad.meetings[0], endsAt: undefined });
    bad.meetings[0].minutes.lines[1].kind = 'poem';
    bad.cases[0].receivedOn = '2017-13-01';
    bad.cases[0].outcome = '可決';
    bad.cases[1].reply.date = '2016-12-01';
    bad.cases[1].unknownField = 1;
    bad.cases[1].receiptNumber = 'H28-021';
    delete bad.cases[1].reply;
    const { errors } = parseHistoryJson(JSON.stringify(bad));
    expect(fields(errors)).toEqual(
      expect.arrayContaining([
        '/format',
        '/source',
        '/meetings/0/minutes/lines/1/kind',
        '/meetings/1/number',
        '/cases/0/receivedOn',
        '/cases/0/outcome',
        '/cases/1/unknownField',
        '/cases/1/receiptNumber',
        '/cases/1/reply',
      ]),
    );
    expect(errors.every((e) => e.messages.every((m) => /[ぁ-んァ-ン一-龥]/.test(m)))).toBe(true);
  });

  it('refuses future dates: the import is for past records', () => {
    const doc = JSON.parse(SAMPLE);
    doc.meetings[0].startsAt = '2099-02-17T14:00:00+09:00';
    doc.cases[0].receivedOn = '2099-01-20';
    expect(fields(parseHistoryJson(JSON.stringify(doc)).errors)).toEqual(
      expect.arrayContaining(['/meetings/0/startsAt', '/cases/0/receivedOn']),
    );
  });

  it('takes today as the day in Japan: a meeting held this morning and a case received today are not in the future', () => {
    // 07:30 on 6 December in Japan is still 5 December in UTC.
    jest.useFakeTimers({
      now: new Date('2026-12-06T07:30:00+09:00'),
      doNotFake: ['nextTick', 'setImmediate'],
    });
    try {
      const doc = JSON.parse(SAMPLE);
      doc.meetings[0].startsAt = '2026-12-06T07:00:00+09:00';
      doc.cases[0].receivedOn = '2026-12-06';
      const errors = fields(parseHistoryJson(JSON.stringify(doc)).errors);
      expect(errors).not.toContain('/meetings/0/startsAt');
      expect(errors).not.toContain('/cases/0/receivedOn');
      doc.cases[0].receivedOn = '2026-12-07';
      expect(fields(parseHistoryJson(JSON.stringify(doc)).errors)).toContain('/cases/0/receivedOn');
    } finally {
      jest.useRealTimers();
    }
  });

  it('says where a broken JSON file fails', () => {
    const { errors } = parseHistoryJson('{"source": "x",');
    expect(errors).toHaveLength(1);
    expect(errors[0].messages[0]).toMatch(/^JSON の形式が正しくありません/);
  });

  it('reads a CSV case list by Japanese headers and reports problems by line and column', () => {
    const csv = [
      '受付番号,受付日,担当課コード,件名,会議回,審議結果,答申番号,答申日,付帯意見',
      'H28-030,2017-01-10,somu,"ごみ収集の委託、""A地区""",65,付帯意見を付して承認,7,2017-02-24,"再委託を禁止すること',
      '報告すること"',
      'H28-031,2017/01/11,somu,保育の申請,65,承認,,',
    ].join('\n');
    const { doc, errors } = parseHistoryCsv(csv, 'csv-h28');
    expect(doc.cases[0]).toMatchObject({
      receiptNumber: 'H28-030',
      title: 'ごみ収集の委託、"A地区"',
      outcome: 'approvedWithOpinion',
      reply: {
        number: 7,
        date: '2017-02-24',
        supplementaryOpinions: ['再委託を禁止すること', '報告すること'],
      },
    });
    // The second record starts on line 4 (the opinions of the first span two lines).
    expect(errors).toEqual([
      { field: 'line 4: 受付日', messages: [expect.stringContaining('YYYY-MM-DD')] },
      { field: 'line 4: 答申番号', messages: [expect.stringContaining('答申（reply）を入力してください')] },
    ]);
  });

  it('needs a source and the required columns for a CSV', () => {
    const { errors } = parseHistoryCsv('受付番号,件名\nH28-1,x\n', null);
    expect(fields(errors)).toEqual(
      expect.arrayContaining(['source', 'line 1: 受付日', 'line 1: 担当課コード', 'line 1: 会議回']),
    );
  });

  it('parses quoted CSV cells and reports an unclosed quote with its line', () => {
    expect(parseCsv('a,"b,c"\r\n"d""e",f').rows).toEqual([
      ['a', 'b,c'],
      ['d"e', 'f'],
    ]);
    expect(parseCsv('a,b\n1,"2\n3').error).toEqual({
      line: 2,
      message: expect.stringContaining('閉じられていません'),
    });
  });

  it('gives the same digest to the same record whatever the key order', () => {
    expect(recordDigest({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      recordDigest({ b: [1, { d: 3, c: 2 }], a: 1 }),
    );
    expect(recordDigest({ a: 1 })).not.toBe(recordDigest({ a: 2 }));
    expect(recordDigest({ a: 1 }, { 'x.pdf': 'aa' })).not.toBe(recordDigest({ a: 1 }, { 'x.pdf': 'bb' }));
  });

  it('reads the fiscal year of a 受付番号 and turns validation paths into pointers', () => {
    expect(receiptSequence('H28-021')).toEqual({ fiscalYear: 2016, value: 21 });
    expect(receiptSequence('R8-017')).toEqual({ fiscalYear: 2026, value: 17 });
    expect(receiptSequence('第123号')).toBeNull();
    expect(pointerOf('sections[0].vendor.name')).toBe('sections/0/vendor/name');
  });
});
