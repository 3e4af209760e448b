import { DomainError } from '../core/errors/domain-error';
import { isKeysetCursor } from '../core/http/pagination';

/**
 * Pages of a campaign's delivery list. The list is every delivery in id order, then every
 * member of the control group (who got none) in contact order: `after` is the last delivery id
 * seen (as it always was), or `holdout:<n>` once the list has reached the control group. Each
 * page names the cursor of the next one; a client never builds it from a row. Pure.
 */
export type DeliveryListCursor = { part: 'deliveries' | 'holdout'; after: string };

export interface DeliveryListPageRequest {
  cursor: DeliveryListCursor;
  limit: number;
}

export const DEFAULT_PAGE_SIZE = 100_000;
export const MAX_PAGE_SIZE = 1_000_000;

function invalid(field: 'after' | 'limit', reason: string, value: unknown): DomainError {
  // The same code and wording as every other list endpoint's validated query (core/http/pagination).
  const problem = `${reason} (got ${typeof value === 'number' ? value : `"${String(value)}"`})`;
  return DomainError.invalid('validation.failed', `invalid request: ${field}: ${problem}`, {
    fields: [{ field, reason: problem }],
  });
}

/** Reads `after` and `limit` as given on a query string or by the CLI; a bad one is a 400 naming it. */
export function parseDeliveryPage(input: { after?: string; limit?: string | number }): DeliveryListPageRequest {
  const { after, limit } = input;
  let cursor: DeliveryListCursor = { part: 'deliveries', after: '0' };
  if (after !== undefined && after !== '') {
    const match = /^(holdout:)?(\d{1,19})$/.exec(after);
    if (!match || !isKeysetCursor(match[2]))
      throw invalid('after', 'must be a delivery id or a cursor given by the previous page (holdout:<n>)', after);
    cursor = { part: match[1] ? 'holdout' : 'deliveries', after: match[2] };
  }
  if (limit === undefined || limit === '') return { cursor, limit: DEFAULT_PAGE_SIZE };
  const size = typeof limit === 'number' ? limit : /^\d+$/.test(limit) ? Number(limit) : NaN;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw invalid('limit', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`, Number.isNaN(size) ? limit : size);
  return { cursor, limit: size };
}

/** The `after` of the page that follows a full page, from the last row's position in the list. */
export function nextCursor(
  last: { part: 'deliveries' | 'holdout'; position: string } | undefined,
  rows: number,
  limit: number,
): string | null {
  if (!last || rows < limit) return null;
  return last.part === 'holdout' ? `holdout:${last.position}` : last.position;
}
