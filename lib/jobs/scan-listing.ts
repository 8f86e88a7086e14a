import "server-only";
import { listObjectsAfter, listVersionsAfter, type ListedEntry } from "@/lib/aws/scan-io";
import { withRetry, type AdaptiveLimiter, type RetryPolicy, type RetryStats } from "@/lib/jobs/limiter";
import { compareKeys } from "@/lib/keys";
import { cutDepth, ListingPlan, type Piece, type Position } from "@/lib/listing/key-space";
import type { S3Client } from "@aws-sdk/client-s3";

export type ListedPage = { entries: ListedEntry[]; next: Position | null };

export type ListingSource = {
  client: S3Client;
  bucket: string;
  prefix: string;
  versions: boolean;
  pageSize: number;
  /** The scan's one budget of requests: listing pages and per-key reads share it, and its throttling. */
  limiter: AdaptiveLimiter;
  retry: RetryPolicy;
  stats: RetryStats;
  signal: AbortSignal;
};

type After = { key: string | null; version: string | null };

/** One page after `after`, as the scan keeps it: its entries and where its piece goes on (null: the piece is done). */
async function readPage(source: ListingSource, after: After): Promise<ListedPage> {
  const { client, bucket, prefix, pageSize: maxKeys, signal } = source;
  if (source.versions) {
    const page = await listVersionsAfter(client, {
      bucket,
      prefix,
      keyMarker: after.key,
      versionIdMarker: after.version,
      maxKeys,
      signal,
    });
    return {
      entries: page.entries,
      next: page.next && { key: page.next.keyMarker, version: page.next.versionIdMarker },
    };
  }
  const page = await listObjectsAfter(client, { bucket, prefix, startAfter: after.key, maxKeys, signal });
  const last = page.entries[page.entries.length - 1];
  return { entries: page.entries, next: page.truncated && last ? { key: last.key, version: null } : null };
}

/**
 * Whether a page ends past where it was asked to start: an endpoint that answers "truncated" with the same last
 * entry again would have its piece ask for that page for ever.
 */
function goesOn(after: After, next: Position | null): boolean {
  if (next === null || after.key === null) return true;
  const order = compareKeys(next.key, after.key);
  return order > 0 || (order === 0 && next.version !== null && next.version !== after.version);
}

/** One page of the listing after `after`, retried under the scan's limiter. */
function listPage(source: ListingSource, after: After) {
  const read = async (): Promise<ListedPage> => {
    const page = await readPage(source, after);
    if (!goesOn(after, page.next))
      throw new Error(
        `the endpoint answered a page of ${source.bucket} that ends where it was asked to start (after ${JSON.stringify(after.key)})`,
      );
    return page;
  };
  return withRetry(source.limiter, source.retry, source.stats, read, source.signal);
}

/** A piece cut off is worth its one extra page (the page that passes its end) only when it holds about this many. */
const PAGES_PER_PIECE = 8;

/** Where a scan's listing stands when it (re)starts: its stored pieces, or one piece from its old checkpoint. */
export function listingPlanOf(scan: {
  listing: Piece[] | null;
  listAfterKey: string | null;
  listAfterVersion: string | null;
}): ListingPlan {
  if (scan.listing) return new ListingPlan(scan.listing);
  const at = scan.listAfterKey === null ? null : { key: scan.listAfterKey, version: scan.listAfterVersion };
  return new ListingPlan([{ id: 1, range: { after: null, through: null }, at, done: false }]);
}

/**
 * The listing in pieces listed at once, up to `width` pages in flight: the first page is asked for at once (while
 * the caller reads the bucket's posture); a piece whose page comes back full is cut where its keys change while
 * fewer than `width` pieces run, so the listing widens as it learns the keys (lib/listing/key-space.ts). Pages are
 * asked for only when the caller takes one, so a caller that falls behind holds the listing back. Each page comes
 * with the pieces as they stand after it, for the caller to store with the page (a restart goes on from there).
 */
export function parallelListing(source: ListingSource, plan: ListingPlan, width: number) {
  // A prefix's keys all share it: a cut above it would only make pieces past the prefix's last key.
  const prefixDepth = Array.from(source.prefix).length;
  const inFlight = new Map<number, Promise<{ id: number; page: ListedPage }>>();
  const fill = () => {
    for (const piece of plan.running()) {
      if (inFlight.size >= width || source.signal.aborted) break;
      if (inFlight.has(piece.id)) continue;
      const asked = listPage(source, plan.startOf(piece.id)).then((page) => ({ id: piece.id, page }));
      // A page asked for and never awaited (the scan stopped first) must not fail the process.
      asked.catch(() => undefined);
      inFlight.set(piece.id, asked);
    }
  };
  const widen = (id: number, page: ListedPage) => {
    const running = plan.running().length;
    const first = page.entries[0];
    const last = page.entries[page.entries.length - 1];
    if (!first || !last || running >= width || plan.running().every((p) => p.id !== id)) return;
    const depth = cutDepth(first.key, last.key, page.entries.length, source.pageSize * PAGES_PER_PIECE);
    plan.split(id, Math.min(width - running + 1, 16), depth, prefixDepth);
  };
  fill();
  return {
    /** The next page that came back (its entries the piece's own), or null once every piece is done. */
    async next(): Promise<{ entries: ListedEntry[]; listing: Piece[]; done: boolean } | null> {
      if (inFlight.size === 0) return null;
      const { id, page } = await Promise.race(inFlight.values());
      inFlight.delete(id);
      const entries = plan.page(id, page.entries, page.next);
      widen(id, page);
      fill();
      // Only the pieces still to list are stored: a finished one is not needed to go on, and a bucket of many
      // pieces would otherwise rewrite all of them with every page.
      return { entries, listing: plan.running(), done: plan.finished };
    },
  };
}
