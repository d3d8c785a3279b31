import { PAGE_SIZE, type MinutesDto } from '../dto/minutes.dto';

/** The speaker roles a line added on the editor may carry (as in AddLineDto). */
export const ROLES_FOR_LINES = ['会長', '委員', '説明員', '事務局'] as const;

/** Line numbers (1-based, over the whole document) for one page of lines. */
export function numbered(dto: MinutesDto) {
  const offset = (dto.page - 1) * PAGE_SIZE;
  return dto.lines.map((l, i) => ({ ...l, no: offset + i + 1 }));
}

export function pager(dto: MinutesDto) {
  return {
    page: dto.page,
    pageCount: dto.pageCount,
    prev: dto.page > 1 ? dto.page - 1 : null,
    next: dto.page < dto.pageCount ? dto.page + 1 : null,
  };
}
