const TZ = 'Asia/Tokyo';

const eraDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: TZ,
});
const eraYear = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  timeZone: TZ,
});
const time = new Intl.DateTimeFormat('ja-JP', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: false,
  timeZone: TZ,
});
const weekday = new Intl.DateTimeFormat('ja-JP', { weekday: 'short', timeZone: TZ });

/** Accepts a Date, an ISO timestamp or a plain `YYYY-MM-DD` (taken as that calendar day in Japan). */
export function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00+09:00`);
  return new Date(value);
}

/** 令和8年11月21日 (Japanese era calendar through Intl, not a hand-written table). */
export function formatWareki(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return '';
  return eraDate.format(d);
}

/** 令和8年 */
export function formatWarekiYear(value: Date | string): string {
  return eraYear.format(toDate(value));
}

/** 令和8年11月21日（土） */
export function formatWarekiWithWeekday(value: Date | string | null | undefined): string {
  if (!value) return '';
  const d = toDate(value);
  return `${eraDate.format(d)}（${weekday.format(d)}）`;
}

/** 令和8年11月21日 14時05分 */
export function formatWarekiDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const d = toDate(value);
  const [h, m] = time.format(d).split(':');
  return `${eraDate.format(d)} ${Number(h)}時${m}分`;
}
