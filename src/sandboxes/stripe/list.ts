import { invalidRequest, unknownParam } from './errors.js';
import type { FormObject } from './form.js';
import { optionalInteger, optionalObject, optionalString } from './params.js';
import type { ListObject } from './wire.js';

/** Cursor parameters every list endpoint accepts (docs.stripe.com/api/pagination). */
export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before'] as const;
export const SEARCH_PARAMS = ['query', 'limit', 'page'] as const;

export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

/**
 * Stripe lists: limit 1..100 (default 10) and id cursors over a newest-first sequence.
 * `matches` filters it; a cursor is a position in the whole sequence, so it stays valid
 * when its object no longer matches (a session listed as open and expired since), as on
 * Stripe, where the cursor need only name an existing object.
 */
export function listResponse<T extends { id: string }>(
  newestFirst: T[],
  params: FormObject,
  url: string,
  matches: (item: T) => boolean = () => true,
): ListObject<T> {
  const limit = readLimit(params);
  const after = optionalString(params, 'starting_after');
  const before = optionalString(params, 'ending_before');
  if (before !== undefined) {
    const preceding = newestFirst.slice(0, cursorIndex(newestFirst, before, 'ending_before')).filter(matches);
    const start = Math.max(0, preceding.length - limit);
    return { object: 'list', data: preceding.slice(start), has_more: start > 0, url };
  }
  const start = after === undefined ? 0 : cursorIndex(newestFirst, after, 'starting_after') + 1;
  const following = newestFirst.slice(start).filter(matches);
  return { object: 'list', data: following.slice(0, limit), has_more: following.length > limit, url };
}

/** Search pages are opaque tokens; here they encode the offset of the next page. */
export function searchResponse<T>(matches: T[], params: FormObject, url: string): SearchResult<T> {
  const limit = readLimit(params);
  const page = optionalString(params, 'page');
  const offset = page === undefined ? 0 : decodePage(page);
  const data = matches.slice(offset, offset + limit);
  const hasMore = offset + limit < matches.length;
  return {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null,
    url,
  };
}

const RANGE_BOUNDS = ['gt', 'gte', 'lt', 'lte'] as const;

/**
 * A timestamp filter such as `created`: one unix time (`created=1700000000`) or a range
 * (`created[gte]=..&created[lt]=..`), as every Stripe list takes it. Unset matches all.
 */
export function timestampFilter(params: FormObject, name: string): (timestamp: number) => boolean {
  if (typeof params[name] === 'string' || params[name] === undefined) {
    const exact = optionalInteger(params, name);
    return (timestamp) => exact === undefined || timestamp === exact;
  }
  const range = optionalObject(params, name) ?? {};
  for (const key of Object.keys(range)) {
    if (!(RANGE_BOUNDS as readonly string[]).includes(key)) throw unknownParam(`${name}[${key}]`);
  }
  const bound = (key: (typeof RANGE_BOUNDS)[number]) => optionalInteger(range, key);
  const [gt, gte, lt, lte] = RANGE_BOUNDS.map(bound);
  return (timestamp) =>
    (gt === undefined || timestamp > gt) &&
    (gte === undefined || timestamp >= gte) &&
    (lt === undefined || timestamp < lt) &&
    (lte === undefined || timestamp <= lte);
}

function readLimit(params: FormObject): number {
  const limit = optionalInteger(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', {
      param: 'limit',
    });
  }
  return limit;
}

function cursorIndex<T extends { id: string }>(items: T[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw invalidRequest(`No such object: '${id}'`, { code: 'resource_missing', param });
  return index;
}

function decodePage(page: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(page, 'base64url').toString('utf8'));
  if (!match) throw invalidRequest('Invalid page: the token does not come from a previous search.', { param: 'page' });
  return Number(match[1]);
}
