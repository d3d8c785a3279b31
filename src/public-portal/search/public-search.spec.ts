import { candidateSets, MAX_CANDIDATE_CALLS, searchStatement } from './public-search';

describe('candidateSets', () => {
  it('a plain AND query is one lookup over every word’s bigrams', () => {
    expect(candidateSets([['水道'], ['料金']])).toEqual([[['水道', '料金']]]);
    expect(candidateSets([['個人情報'], ['提供']])).toEqual([[['個人', '人情', '情報', '提供']]]);
  });

  it('alternatives (OR, related words) make one lookup per combination, any of which may hold', () => {
    expect(candidateSets([['外部結合', '委託'], ['回線']])).toEqual([
      [
        ['外部', '部結', '結合', '回線'],
        ['委託', '回線'],
      ],
    ]);
  });

  it('too many combinations: one set per group instead, each a union of its words', () => {
    const groups = [
      ['あい', 'いう'],
      ['かき', 'きく'],
      ['さし', 'しす'],
      ['たち', 'ちつ'],
    ];
    expect(2 ** groups.length).toBeGreaterThan(MAX_CANDIDATE_CALLS);
    expect(candidateSets(groups)).toEqual(groups.map((g) => g.map((w) => [w])));
  });

  it('a group with a one-character word cannot narrow: left to the exact check', () => {
    expect(candidateSets([['県'], ['水道']])).toEqual([[['水道']]]);
    expect(candidateSets([['県', '水道']])).toEqual([]);
    expect(candidateSets([])).toEqual([]);
  });
});

describe('searchStatement', () => {
  it('finds candidates through the function (with the role) and checks every word exactly', () => {
    const { sql, params } = searchStatement(1, { q: '水道 料金', role: '委員', related: 'false' }, []);
    expect(sql).toContain('FROM public_search_matches($3::text[], $2) c WHERE');
    expect(sql).not.toContain('@>');
    expect(params.slice(0, 3)).toEqual([1, '委員', ['水道', '料金']]);
    expect(sql).toContain('(strpos(norm, $4) > 0) AND (strpos(norm, $5) > 0)');
  });

  it('without a role, the function without one; without words, no candidates', () => {
    expect(searchStatement(1, { q: '水道' }, []).sql).toContain('public_search_matches($2::text[]) c');
    expect(searchStatement(1, { role: '委員' }, []).sql).not.toContain('public_search_matches');
  });

  it('reads the shown columns of the page’s lines only, by id, under the policy', () => {
    const { sql } = searchStatement(1, { q: '水道 料金', role: '委員', perPage: 10 }, []);
    expect(sql).toContain('JOIN public_search_line l ON l.id = h.id AND l.council_id = $1');
    const candidates = sql.slice(sql.indexOf('FROM (SELECT'), sql.indexOf(') h'));
    expect(candidates).toContain('public_search_matches');
    expect(candidates).not.toMatch(/context_|doc_title|item_label|[ ,(]text[ ,]/);
  });

  it('a line two alternatives find is counted once (UNION), and each alternative is a lookup', () => {
    const { sql } = searchStatement(1, { q: '外部結合 回線' }, [['外部結合', 'オンライン結合']]);
    expect(sql).toContain('FROM (SELECT * FROM public_search_matches($2::text[]) UNION SELECT * FROM');
  });
});
