import { passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts a 12-character mixed password', () => {
    expect(passwordProblems('midori-2026x')).toEqual([]);
  });
  it('refuses short passwords', () => {
    expect(passwordProblems('abc-123')).toContain('12 文字以上にしてください');
  });
  it('refuses a single character class', () => {
    expect(passwordProblems('aaaaaaaaaaaaaaa')).toContain(
      '英字・数字・記号のうち 2 種類以上を含めてください',
    );
  });
  it('refuses the username and the current password', () => {
    expect(passwordProblems('tanaka-2026-ok', { username: 'tanaka' })).toContain(
      'ユーザー名を含めないでください',
    );
    expect(passwordProblems('same-pass-2026', { current: 'same-pass-2026' })).toContain(
      '現在のパスワードと同じものは使えません',
    );
  });
  it('counts characters, not bytes, for Japanese passwords', () => {
    expect(passwordProblems('緑化見本園2026年度x')).toEqual([]);
  });
});
