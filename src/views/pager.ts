/** The page count of a list and the links to its previous and next page, its filters kept. */
export function pager(
  filters: Record<string, string | undefined>,
  result: { page: number; total: number; pageSize: number },
): { pages: number; prev: string | null; next: string | null } {
  const kept = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  // The page keeps its place among the filters, so a link reads like the address it came from.
  const link = (page: number) => '?' + new URLSearchParams({ ...kept, page: String(page) }).toString();
  return {
    pages,
    prev: result.page > 1 ? link(result.page - 1) : null,
    next: result.page < pages ? link(result.page + 1) : null,
  };
}
