import type { NamePolicy } from '../minutes.entity';

/** As many entries as the API accepts (RedactionSettingDto). */
export const MAX_ALLOW_LIST = 500;
const MAX_NAME = 100;
const MAX_ROLE = 50;

export const NAME_POLICY_LABELS: Record<'explainerNames' | 'secretariatNames', Record<NamePolicy, string>> = {
  explainerNames: { title: '職名に置き換える（例: 下水道総務課課長）', show: '氏名を表示する' },
  secretariatNames: { title: '職名に置き換える', show: '氏名を表示する' },
};

export interface AllowedName {
  name: string;
  role: string;
}

/** One entry a line, `氏名：役割`, as the setting screen shows the list. */
export function formatAllowList(list: AllowedName[]): string {
  return list.map((a) => `${a.name}：${a.role}`).join('\n');
}

/**
 * Reads the list as typed on the setting screen. Blank lines are skipped; name and role are
 * split at the last full- or half-width colon, comma, 、 or tab (names may contain spaces).
 * Each problem is one Japanese message naming its line.
 */
export function parseAllowList(text: string): { entries: AllowedName[]; errors: string[] } {
  const entries: AllowedName[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const no = i + 1;
    const at = Math.max(...['：', ':', '，', ',', '、', '\t'].map((sep) => line.lastIndexOf(sep)));
    const name = at < 0 ? line : line.slice(0, at).trim();
    const role = at < 0 ? '' : line.slice(at + 1).trim();
    if (!name || !role) {
      errors.push(`${no}行目: 「氏名：役割」の形で入力してください（例: 佐藤 花子：傍聴者）`);
      return;
    }
    if (name.length > MAX_NAME) errors.push(`${no}行目: 氏名は${MAX_NAME}文字以内で入力してください`);
    if (role.length > MAX_ROLE) errors.push(`${no}行目: 役割は${MAX_ROLE}文字以内で入力してください`);
    const key = name.replace(/\s+/g, '');
    const first = seen.get(key);
    if (first !== undefined) errors.push(`${no}行目: 「${name}」は${first}行目にもあります`);
    else seen.set(key, no);
    entries.push({ name, role });
  });
  if (entries.length > MAX_ALLOW_LIST)
    errors.unshift(`許可リストは${MAX_ALLOW_LIST}件以内にしてください（${entries.length}件あります）`);
  return { entries, errors };
}
