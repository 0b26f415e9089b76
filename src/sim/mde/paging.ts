// OData list options ($filter, $top, $skip, $expand) and server-side paging with @odata.nextLink.
import { badRequest } from './errors.js';

export const MAX_TOP = 10_000;
const KNOWN_OPTIONS = new Set(['$filter', '$top', '$skip', '$expand']);

export interface ListQuery {
  filter: string | undefined;
  top: number | undefined;
  skip: number;
  expand: string | undefined;
  /** Every option as received, so a nextLink can repeat the ones it does not change. */
  options: ReadonlyMap<string, string>;
}

export function readListQuery(query: Readonly<Record<string, unknown>>): ListQuery {
  const options = new Map<string, string>();
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('$')) continue;
    const name = key.toLowerCase();
    if (!KNOWN_OPTIONS.has(name)) throw badRequest('ODataError', `Query option '${key}' is not supported.`);
    if (typeof value !== 'string')
      throw badRequest('ODataError', `Query option '${key}' must be given once.`);
    if (options.has(name)) throw badRequest('ODataError', `Query option '${key}' must be given once.`);
    options.set(name, value);
  }
  const top = readInteger(options, '$top');
  if (top !== undefined && top > MAX_TOP)
    throw badRequest(
      'ODataError',
      `The limit of '${MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '${top}'.`,
    );
  return {
    filter: options.get('$filter'),
    top,
    skip: readInteger(options, '$skip') ?? 0,
    expand: options.get('$expand'),
    options,
  };
}

function readInteger(options: ReadonlyMap<string, string>, name: string): number | undefined {
  const raw = options.get(name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw.trim()))
    throw badRequest('ODataError', `Invalid value '${raw}' for ${name}: expected a non-negative integer.`);
  return Number(raw.trim());
}

export interface Page<T> {
  value: T[];
  nextLink: string | undefined;
}

/**
 * Cuts one page. Like MDE, an explicit $top is honoured without a nextLink as long as it fits a page;
 * without $top (or with one larger than a page) the rest is reachable through an absolute nextLink.
 */
export function pageOf<T>(
  items: readonly T[],
  query: ListQuery,
  pageSize: number,
  linkBase: string,
): Page<T> {
  const limit = Math.min(query.top ?? Number.POSITIVE_INFINITY, pageSize);
  const value = items.slice(query.skip, query.skip + limit);
  const served = query.skip + value.length;
  const wanted = query.top === undefined ? Number.POSITIVE_INFINITY : query.top - value.length;
  if (served >= items.length || wanted <= 0 || value.length === 0) return { value, nextLink: undefined };
  const options = new Map(query.options);
  options.set('$skip', String(served));
  if (query.top !== undefined) options.set('$top', String(wanted));
  const search = [...options].map(([key, val]) => `${key}=${encodeURIComponent(val)}`).join('&');
  return { value, nextLink: `${linkBase}?${search}` };
}
