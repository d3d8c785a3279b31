export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Returns the reasons a new password is refused (empty when acceptable). */
export function passwordProblems(
  password: string,
  context: { username?: string; current?: string } = {},
): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH)
    problems.push(`${PASSWORD_MIN_LENGTH} 文字以上にしてください`);
  if ([...password].length > PASSWORD_MAX_LENGTH)
    problems.push(`${PASSWORD_MAX_LENGTH} 文字以内にしてください`);
  if (/^\s|\s$/.test(password)) problems.push('先頭と末尾に空白は使えません');
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (kinds < 2) problems.push('英字・数字・記号のうち 2 種類以上を含めてください');
  if (context.username && password.toLowerCase().includes(context.username.toLowerCase())) {
    problems.push('ユーザー名を含めないでください');
  }
  if (context.current !== undefined && password === context.current)
    problems.push('現在のパスワードと同じものは使えません');
  return problems;
}
