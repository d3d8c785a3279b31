import { pager } from './pager';

describe('pager', () => {
  it('links the neighbouring pages with the filters in use, the page replaced', () => {
    const filters = { q: '緑化', status: undefined, page: '2', sort: 'title' };
    expect(pager(filters, { page: 2, total: 45, pageSize: 20 })).toEqual({
      pages: 3,
      prev: `?q=${encodeURIComponent('緑化')}&page=1&sort=title`,
      next: `?q=${encodeURIComponent('緑化')}&page=3&sort=title`,
    });
  });

  it('has no links for a single page, even when empty', () => {
    expect(pager({}, { page: 1, total: 0, pageSize: 50 })).toEqual({ pages: 1, prev: null, next: null });
  });
});
