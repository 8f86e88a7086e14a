// Paging through a list an endpoint hands out a token at a time, bounded: a token seen before (an endpoint that
// loops, even A, B, A…), more pages or items than the list can hold, end the walk with an error instead of running
// for ever or filling memory. Pure: the call for one page is passed in.

export class PagingError extends Error {}

export type PageLimits = { what: string; maxPages: number; maxItems: number };

export async function* pages<T>(
  page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>,
  limits: PageLimits,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let token: string | undefined;
  let count = 0;
  for (let n = 1; ; n++) {
    const { items, next } = await page(token);
    count += items.length;
    if (count > limits.maxItems)
      throw new PagingError(`${limits.what} listed more than ${limits.maxItems} items`);
    yield* items;
    if (!next) return;
    if (seen.has(next)) throw new PagingError(`${limits.what} returned a page token it had returned before`);
    if (n >= limits.maxPages)
      throw new PagingError(`${limits.what} went on for more than ${limits.maxPages} pages`);
    seen.add(next);
    token = next;
  }
}
