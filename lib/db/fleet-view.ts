import "server-only";
import { cachedStatement, type Db } from "@/lib/db";
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { parseStored, tagsSchema, textListSchema, writerCountsSchema } from "@/lib/schemas/stored";
import type { z } from "zod";

// Every bucket of the fleet with where it stands: its account and OU, its state or the cause it failed, and what
// its last scan found, summed when that scan finished (lib/db/fleet-runs.ts). One row per bucket, no findings read.

export type { FleetBucketRow };

/**
 * Where a bucket stands: its own state, unless its account can no longer be checked (its role gone or denied), when
 * the bucket fails with its account: its numbers are its last scan's, and nothing says they are still true.
 */
function failure(
  r: Record<string, unknown>,
): Pick<FleetBucketRow, "state" | "cause" | "detail" | "failingSince"> {
  const health = r.account_health as string | null;
  if (health === null || health === "ok" || r.state === "failed")
    return {
      state: r.state as FleetBucketRow["state"],
      cause: r.cause as string | null,
      detail: r.detail as string | null,
      failingSince: r.failing_since as string | null,
    };
  return {
    state: "failed",
    cause: health,
    detail: "its account cannot be checked (see Accounts); the numbers are from its last scan",
    failingSince: r.account_failing_since as string | null,
  };
}

/** Distinct stored texts parsed and kept at most: a view's memory is bounded, whatever the fleet's size. */
const MAX_PARSED = 10_000;

/**
 * Every bucket of the fleet, one at a time (read as the caller goes on, so a fleet of any size is never held whole).
 * The database handle is busy until the iteration ends: nothing else may run on it meanwhile.
 */
export function* eachFleetBucket(db: Db): Generator<FleetBucketRow> {
  const rows = db
    .prepare(
      `SELECT b.*, a.name, a.ou_path_json, a.ou_ids_json, a.tags_json, s.report_date,
         a.health AS account_health, a.failing_since AS account_failing_since
       FROM fleet_buckets b JOIN fleet_accounts a ON a.id = b.account_id LEFT JOIN scans s ON s.id = b.scan_id
       WHERE b.state <> 'gone' AND a.state = 'active'
       ORDER BY a.name, b.account_id, b.bucket`,
    )
    .iterate() as IterableIterator<Record<string, unknown>>;
  // An account's OU path and tags repeat on each of its buckets, and most buckets have the same few writers: each
  // distinct stored text is parsed once (the view reads every row on every paint), and rows share what it gave.
  const seen = new Map<string, unknown>();
  const parsed = <T>(schema: z.ZodType<T>, json: string, column: string): T => {
    const key = `${column}\u0000${json}`;
    if (!seen.has(key)) {
      if (seen.size >= MAX_PARSED) seen.clear();
      seen.set(key, parseStored(schema, json, column));
    }
    return seen.get(key) as T;
  };
  for (const r of rows) {
    // Named fields, not a spread: spreading into a row this wide made V8 build slow dictionary objects (4x the time).
    const f = failure(r);
    yield {
      state: f.state,
      cause: f.cause,
      detail: f.detail,
      failingSince: f.failingSince,
      accountId: r.account_id as string,
      accountName: r.name as string,
      ouPath: parsed(textListSchema, r.ou_path_json as string, "fleet OU path"),
      ouIds: parsed(textListSchema, r.ou_ids_json as string, "fleet OU IDs"),
      tags: parsed(tagsSchema, r.tags_json as string, "fleet account tags"),
      bucket: r.bucket as string,
      region: r.region as string | null,
      scanId: r.scan_id as number | null,
      scannedAt: r.scanned_at as string | null,
      reportDate: r.report_date as string | null,
      sourceNote: r.source_note as string | null,
      classified: r.objects as number,
      foreignObjects: r.foreign_objects as number,
      lockedObjects: r.locked_objects as number,
      foreignBytes: r.foreign_bytes as number,
      publicObjects: r.public_objects as number,
      newestForeignAt: r.newest_foreign_at as string | null,
      writers: parsed(textListSchema, r.writers_json as string, "fleet bucket writers"),
      writerCounts: parsed(writerCountsSchema, r.writer_counts_json as string, "fleet bucket writer counts"),
    };
  }
}

/** Every bucket of the fleet, held at once: for the CLI and the browser's rows, not for the server's own view. */
export const fleetBucketRows = (db: Db): FleetBucketRow[] => [...eachFleetBucket(db)];

/** How many buckets the fleet view would show. */
export const countFleetBuckets = (db: Db) =>
  (
    db
      .prepare(
        `SELECT count(*) AS n FROM fleet_buckets b JOIN fleet_accounts a ON a.id = b.account_id
         WHERE b.state <> 'gone' AND a.state = 'active'`,
      )
      .get() as { n: number }
  ).n;

/** Moves with every change to the fleet's buckets, accounts or settings (triggers in lib/db/migrations.ts). */
export const fleetVersion = (db: Db): number =>
  (cachedStatement(db, "SELECT n FROM fleet_version").get() as { n: number }).n;
