/** Today's date in Japan (JST, no daylight saving) as YYYY-MM-DD; `now` for a given instant. */
export function todayInJapan(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
