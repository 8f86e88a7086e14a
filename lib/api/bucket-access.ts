import "server-only";
import { listBuckets } from "@/lib/aws/buckets";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { hasScanOf } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import type { Connection } from "@/lib/schemas/connection";

// A connection's buckets, as its ListBuckets answered: kept 5 minutes, asked again at most every 10 seconds when a
// name is missing (a bucket made since), so that no caller can make the server sign requests at will.
const LIST_TTL_MS = 5 * 60_000;
const MISS_REFRESH_MS = 10_000;

type Listed = { at: number; names: Promise<Set<string>> };
const globalForBuckets = globalThis as unknown as { ownerscopeListedBuckets?: Map<string, Listed> };
const listed = (globalForBuckets.ownerscopeListedBuckets ??= new Map());

function refresh(connection: Connection): Listed {
  const entry: Listed = {
    at: Date.now(),
    names: listBuckets(readTargetOf(connection)).then((buckets) => new Set(buckets.map((b) => b.name))),
  };
  // A failed listing is not kept: the next caller asks again (and gets the error too).
  entry.names.catch(() => {
    if (listed.get(connection.id) === entry) listed.delete(connection.id);
  });
  listed.set(connection.id, entry);
  return entry;
}

/** What a fresh ListBuckets answered elsewhere (the buckets overview), kept as the connection's listing. */
export function rememberBuckets(connectionId: string, names: string[]): void {
  listed.set(connectionId, { at: Date.now(), names: Promise.resolve(new Set(names)) });
}

/**
 * The server reads only the connection's own buckets (its ListBuckets) or buckets it has scanned. Any other name
 * gets the same 404 as a bucket that does not exist, and costs no request to S3 beyond the occasional listing.
 * `freshOnMiss` (an operator starting a scan, of a bucket perhaps made a moment ago) lists again on every miss.
 */
export async function requireKnownBucket(
  db: Db,
  connection: Connection,
  bucket: string,
  options: { freshOnMiss?: boolean } = {},
): Promise<void> {
  if (hasScanOf(db, connection.id, bucket)) return;
  let entry = listed.get(connection.id);
  if (!entry || Date.now() - entry.at > LIST_TTL_MS) entry = refresh(connection);
  if ((await entry.names).has(bucket)) return;
  const mayAskAgain = options.freshOnMiss || Date.now() - entry.at > MISS_REFRESH_MS;
  if (mayAskAgain && (await refresh(connection).names).has(bucket)) return;
  throw new AppError("not_found", `No bucket named ${bucket} on connection ${connection.id}.`);
}
