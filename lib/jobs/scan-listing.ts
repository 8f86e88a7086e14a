import "server-only";
import { listObjectsAfter, listVersionsAfter, type ListedEntry } from "@/lib/aws/scan-io";
import { withRetry, type AdaptiveLimiter, type RetryPolicy, type RetryStats } from "@/lib/jobs/limiter";
import type { S3Client } from "@aws-sdk/client-s3";

/** Where a listing goes on from: after this key (and version, when versions are listed); nulls for the start. */
export type ListingMarker = { key: string | null; version: string | null };

export type ListedPage = { entries: ListedEntry[]; next: { key: string; version: string | null } | null };

export type ListingSource = {
  client: S3Client;
  bucket: string;
  prefix: string;
  versions: boolean;
  pageSize: number;
  limiter: AdaptiveLimiter;
  retry: RetryPolicy;
  stats: RetryStats;
  signal: AbortSignal;
};

/** One page of the listing after `after`, retried under the listing's own limiter. */
function listPage(source: ListingSource, after: ListingMarker): Promise<ListedPage> {
  const { client, bucket, prefix, pageSize: maxKeys, signal } = source;
  return withRetry(
    source.limiter,
    source.retry,
    source.stats,
    async () => {
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
      return {
        entries: page.entries,
        next: page.truncated && last ? { key: last.key, version: null } : null,
      };
    },
    signal,
  );
}

/** Lets the event loop turn once: the SDK writes a request to its socket from a later tick than `send`. */
const requestLeaves = () => new Promise<void>((left) => setImmediate(left));

/**
 * The listing from `from` on (null: nothing left to list), one page ahead: the first page is asked for at once
 * (while the caller reads the bucket's posture) and every next page before the current one is handed out, so the
 * endpoint answers while the caller writes. A listing is a chain of requests, each waiting for the last key of the
 * one before; this keeps the chain's requests in flight for as much of the run as the chain allows.
 */
export function prefetchedListing(source: ListingSource, from: ListingMarker | null) {
  const ask = (after: ListingMarker) => {
    const page = listPage(source, after);
    // A page asked for and never awaited (the scan stopped first) must not fail the process.
    page.catch(() => undefined);
    return page;
  };
  let pending = from ? ask(from) : null;
  return {
    /** The next page, or null at the end of the listing. */
    async next(): Promise<ListedPage | null> {
      if (!pending) return null;
      const page = await pending;
      pending = page.next && !source.signal.aborted ? ask(page.next) : null;
      if (pending) await requestLeaves();
      return page;
    },
  };
}
