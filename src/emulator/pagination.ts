// Pagination as the Public API documents it: `pagination` is optional since API v50 (a list without
// it answers its first page of 200, docs/segment-api.md "Pagination"), `count` is 1..1000, cursors are opaque (base64 of the offset here, like the API's `MA==`), `next` is
// absent on the last page and `previous` on the first, and `totalEntries` is included.
import { ApiError } from './errors.js';
import type { ParsedQuery } from './query.js';

export const MAX_PAGE_SIZE = 1000;
/** What a list answers when the request has no `pagination`. */
export const DEFAULT_PAGE_SIZE = 200;

export interface PageRequest {
  offset: number;
  count: number;
}

export function pageRequest(query: ParsedQuery): PageRequest {
  const pagination = query.objects.get('pagination');
  if (!pagination) return { offset: 0, count: DEFAULT_PAGE_SIZE };
  const countText = pagination.get('count');
  const count = Number(countText);
  if (countText === undefined || !Number.isInteger(count) || count < 1 || count > MAX_PAGE_SIZE) {
    throw ApiError.validation(`pagination.count must be an integer between 1 and ${MAX_PAGE_SIZE}`, 'pagination.count');
  }
  const cursor = pagination.get('cursor');
  let offset = 0;
  if (cursor !== undefined && cursor !== '') {
    const decoded = Buffer.from(cursor, 'base64').toString('utf8');
    offset = Number(decoded);
    if (!/^\d+$/.test(decoded) || !Number.isSafeInteger(offset)) {
      throw ApiError.validation('pagination.cursor is not a valid cursor', 'pagination.cursor');
    }
  }
  return { offset, count };
}

export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset)).toString('base64');
}

export interface PaginationOutput {
  current: string;
  next?: string;
  previous?: string;
  totalEntries: number;
}

export function page<T>(items: readonly T[], request: PageRequest): { items: T[]; pagination: PaginationOutput } {
  const { offset, count } = request;
  const slice = items.slice(offset, offset + count);
  const pagination: PaginationOutput = { current: encodeCursor(offset), totalEntries: items.length };
  if (offset + count < items.length) pagination.next = encodeCursor(offset + count);
  if (offset > 0) pagination.previous = encodeCursor(Math.max(0, offset - count));
  return { items: slice, pagination };
}
