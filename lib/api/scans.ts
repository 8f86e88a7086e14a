import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { requireKnownBucket } from "@/lib/api/bucket-access";
import { placeReport } from "@/lib/api/inventory-locations";
import { scanProgress } from "@/lib/audit/scan-progress";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { listAccounts } from "@/lib/db/connections";
import { changesSinceScan } from "@/lib/db/finding-changes";
import {
  countByOwner,
  summarizeByOwner,
  summarizeByPrefix,
  summarizeByStatus,
} from "@/lib/db/scan-summaries";
import {
  earlierScanOfScope,
  getScan,
  listScans,
  scansMarkedRunning,
  type ConnectionScan,
  type ScanRecord,
} from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { foreignCount } from "@/lib/export/report";
import { writerGuidance } from "@/lib/fix/guidance";
import { reportDate } from "@/lib/inventory/manifest";
import { cancelScan, runInBackground } from "@/lib/jobs/background-scans";
import { prepareInventoryScan } from "@/lib/jobs/inventory";
import { prepareScan, runnerIsGone } from "@/lib/jobs/scans";
import { accountNameMap } from "@/lib/ownership/owners";
import type { ScanDto, StartScanInput } from "@/lib/schemas/scan";

/** A scan as the browser sees it: progress and posture, never the target's profile or role. */
function toScanDto(db: Db, s: ScanRecord): ScanDto {
  // Only a scan still listing needs an earlier one to estimate its total from.
  const earlier = s.status === "running" && !s.listingDone ? earlierScanOfScope(db, s) : undefined;
  const now = changesSinceScan(db, s.id);
  return {
    id: s.id,
    connectionId: s.connectionId,
    bucket: s.bucket,
    prefix: s.prefix,
    mode: s.mode,
    versions: s.versions,
    status: s.status,
    cancelRequested: s.cancelRequested,
    error: s.error,
    bucketOwnerId: s.bucketOwnerId,
    posture: s.posture,
    listed: s.listed,
    listingDone: s.listingDone,
    listingPieces: s.listingDone || !s.listing ? null : s.listing.filter((p) => !p.done).length,
    classified: s.classified,
    bytes: s.listedBytes,
    byStatus: s.byStatus,
    foreign: foreignCount(s.byStatus),
    now: { ...now, foreign: foreignCount(now.byStatus) },
    progress: scanProgress(s, earlier ?? null),
    requests: s.requests,
    throttled: s.throttled,
    createdAt: s.createdAt,
    finishedAt: s.finishedAt,
    source: s.source,
    reportDate: s.reportDate,
  };
}

/** Any scan by ID, the CLI's too (which carry no connection); undefined when there is none. */
export const findScan = (db: Db, id: number) => getScan(db, id);

export function requireScan(db: Db, id: number): ConnectionScan {
  const scan = getScan(db, id);
  // Scans started from the CLI carry no connection and stay out of the web views.
  if (!scan || scan.connectionId === null) throw new AppError("not_found", `No scan ${id}.`);
  return scan as ConnectionScan;
}

/**
 * Starts a scan from an S3 Inventory report: its manifest is read now (so a wrong location fails the request), its
 * rows in the background. The report must be of the bucket the page is about, and lie where the connection reads
 * reports from (manifest and data files alike).
 */
export async function startInventoryScan(db: Db, input: StartScanInput & { inventory: string }) {
  const connection = requireConnection(db, input.connectionId);
  await requireKnownBucket(db, connection, input.bucket, { freshOnMiss: true });
  assertScanAllowed(db, connection.id, input.bucket);
  const { root, location } = await placeReport(db, connection, input.bucket, input.inventory);
  const request = {
    connectionId: connection.id,
    target: readTargetOf(connection),
    location,
    within: root,
    concurrency: input.concurrency,
  };
  const prepared = await startingScanOf(connection.id, input.bucket, () =>
    prepareInventoryScan(db, { ...request, expectedBucket: input.bucket }),
  );
  runInBackground(db, { kind: "inventory", request, prepared });
  return {
    scanId: prepared.scanId,
    reportDate: reportDate(prepared.manifest),
    missingFields: prepared.missing,
  };
}

// Scans running at once on this server (each holds its own concurrency of S3 requests).
const MAX_RUNNING_SCANS = 8;

// Scans being set up (their reads still awaited, no row yet): they count as running.
const starting = new Set<string>();
const startingKey = (connectionId: string, bucket: string) => JSON.stringify([connectionId, bucket]);

/** Holds the bucket while a scan is set up, so that a second request finds it taken. */
async function startingScanOf<T>(connectionId: string, bucket: string, setUp: () => Promise<T>): Promise<T> {
  const key = startingKey(connectionId, bucket);
  starting.add(key);
  try {
    return await setUp();
  } finally {
    starting.delete(key);
  }
}

/** One running scan per bucket of a connection, and a few in all: a second is refused, naming the one running. */
function assertScanAllowed(db: Db, connectionId: string, bucket: string) {
  if (starting.has(startingKey(connectionId, bucket)))
    throw new AppError(
      "conflict",
      `A scan of bucket ${bucket} is starting: wait for it to end, then scan again.`,
    );
  const running = scansMarkedRunning(db).filter((s) => !runnerIsGone(s));
  const same = running.find((s) => s.connectionId === connectionId && s.bucket === bucket);
  if (same)
    throw new AppError(
      "conflict",
      `Scan ${same.id} is running on bucket ${bucket}: wait for it to end, or cancel it, then scan again.`,
    );
  if (running.length >= MAX_RUNNING_SCANS)
    throw new AppError("too_many_requests", `${running.length} scans are running: wait for one to end.`);
}

export async function startScan(db: Db, input: StartScanInput): Promise<{ scanId: number }> {
  const connection = requireConnection(db, input.connectionId);
  await requireKnownBucket(db, connection, input.bucket, { freshOnMiss: true });
  assertScanAllowed(db, connection.id, input.bucket);
  const { scanId } = prepareScan(
    db,
    {
      connectionId: connection.id,
      target: readTargetOf(connection),
      bucket: input.bucket,
      prefix: input.prefix,
      mode: input.mode,
      versions: input.versions,
      concurrency: input.concurrency,
    },
    false,
  );
  runInBackground(db, { kind: "live", scanId });
  return { scanId };
}

/** The names given to accounts on the scan's connection, by canonical ID. */
export const ownerNames = (db: Db, scan: ConnectionScan) =>
  accountNameMap(listAccounts(db, scan.connectionId));

export const scanById = (db: Db, id: number) => toScanDto(db, requireScan(db, id));

export function pastScans(db: Db, filter: { connectionId?: string; bucket?: string; limit: number }) {
  return listScans(db, filter)
    .filter((s) => s.connectionId !== null)
    .map((s) => toScanDto(db, s));
}

export function stopScan(db: Db, id: number) {
  const scan = requireScan(db, id);
  if (scan.status !== "running") throw new AppError("conflict", `Scan ${id} is already ${scan.status}.`);
  cancelScan(db, id);
  return { cancelRequested: true };
}

export function scanSummary(db: Db, id: number) {
  const scan = requireScan(db, id);
  const names = ownerNames(db, scan);
  return {
    byOwner: summarizeByOwner(db, id).map((o) => ({
      ...o,
      name: o.ownerId ? (names.get(o.ownerId) ?? null) : null,
      isBucketOwner: o.ownerId === scan.bucketOwnerId,
    })),
    byPrefix: summarizeByPrefix(db, id, scan.bucketOwnerId),
    byStatus: summarizeByStatus(db, id),
  };
}

/** The owners of a scan's keys with their names and counts (the owner filter's choices). */
export function scanOwners(db: Db, id: number) {
  const scan = requireScan(db, id);
  const names = ownerNames(db, scan);
  return countByOwner(db, id).map((o) => ({
    ...o,
    name: o.ownerId ? (names.get(o.ownerId) ?? null) : null,
    isBucketOwner: o.ownerId === scan.bucketOwnerId,
  }));
}

/** Writer guidance for every foreign account in a scan, with the writer principals its bucket policy names. */
export function scanGuidance(db: Db, id: number) {
  const scan = requireScan(db, id);
  const names = ownerNames(db, scan);
  const posture = scan.posture;
  const principals =
    posture?.policy.readable === true
      ? [...new Set(posture.policy.writers.flatMap((w) => w.principals).filter((p) => p.startsWith("arn:")))]
      : [];
  return countByOwner(db, id)
    .filter((o) => o.ownerId !== null && o.ownerId !== scan.bucketOwnerId)
    .map((o) =>
      writerGuidance({
        bucket: scan.bucket,
        account: { canonicalId: o.ownerId!, name: names.get(o.ownerId!) ?? o.ownerId! },
        principals,
      }),
    );
}
