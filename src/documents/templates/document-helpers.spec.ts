import { confidentialityLabel, itemMark, katakanaLabel, numberedGo } from './document-helpers';

describe('document helpers', () => {
  it('numbers in アイウエオ order and keeps going past ン', () => {
    expect([0, 1, 2, 3, 4, 5].map(katakanaLabel).join('')).toBe('アイウエオカ');
    expect(katakanaLabel(45)).toBe('ン');
    expect(katakanaLabel(46)).toBe('アア');
    expect(katakanaLabel(-1)).toBe('');
  });
  it('prints ◎ for required, ○ for optional, nothing otherwise', () => {
    expect(['required', 'optional', null, 'other'].map(itemMark)).toEqual(['◎', '○', '', '']);
  });
  it('formats 第N号 and 機密性N', () => {
    expect(numberedGo(3)).toBe('第3号');
    expect(numberedGo(0)).toBe('');
    expect(confidentialityLabel(2)).toBe('機密性2');
    expect(confidentialityLabel(4)).toBe('');
  });
});
