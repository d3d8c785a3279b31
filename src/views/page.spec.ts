import type { Response } from 'express';
import { redirectWith } from './page';

function target(path: string, message: string): string {
  let location = '';
  const res = { redirect: (_status: number, to: string) => (location = to) } as unknown as Response;
  redirectWith(res, path, 'notice', message);
  return location;
}

describe('redirectWith', () => {
  it('adds the message to the query', () => {
    expect(target('/meetings/1', '保存しました')).toBe(
      `/meetings/1?notice=${encodeURIComponent('保存しました')}`,
    );
    expect(target('/m?item=2', 'ok')).toBe('/m?item=2&notice=ok');
  });

  it('keeps the #fragment after the query, so the page shows the message', () => {
    expect(target('/m/deliberation?item=2#entry', 'ok')).toBe('/m/deliberation?item=2&notice=ok#entry');
    expect(target('/m#entry', 'ok')).toBe('/m?notice=ok#entry');
  });
});
