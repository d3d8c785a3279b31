import { completeCase } from '../../test/support/aggregate-factory';
import { ngrams, normalizeForSearch, queryGrams, searchableText, searchTerms } from './search-text';

describe('Japanese search text', () => {
  it('normalises width and case (NFKC)', () => {
    expect(normalizeForSearch('ＮＰＯ　ﾈｯﾄﾜｰｸ  LGWAN')).toBe('npo ネットワーク lgwan');
  });
  it('indexes unigrams and bigrams; a query needs the bigrams of each term', () => {
    const grams = ngrams(normalizeForSearch('屋上緑化の推進'));
    expect(grams).toEqual(expect.arrayContaining(['緑化', '屋上', '緑', 'の推']));
    expect(queryGrams('外部結合')).toEqual(['外部', '部結', '結合']);
    expect(queryGrams('緑')).toEqual(['緑']);
    expect(queryGrams('緑化').every((g) => grams.includes(g))).toBe(true);
  });
  it('splits a query on spaces of either width', () => {
    expect(searchTerms('緑化　外部結合 ')).toEqual(['緑化', '外部結合']);
  });
  it('covers title, overview and sheet texts, not ids', () => {
    const text = searchableText(completeCase());
    expect(text).toContain('共同運営センター');
    expect(text).toContain('緑化を広める');
    expect(text).not.toContain('csv1');
  });
});
