import "server-only";
import { classify, classifyDeleteMarker, needsAclCheck, needsHeadProbe } from "@/lib/audit/classify";
import { analyzePosture, type BucketPosture } from "@/lib/audit/posture";
import type { AclOutcome, Classification, HeadOutcome, ScanMode } from "@/lib/audit/types";
import { s3For } from "@/lib/aws/clients";
import { describeFailure, isRetryable, isThrottle, toAppError } from "@/lib/aws/errors";
import { probeObject, readObjectAcl, readPostureFacts, type ListedEntry } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import {
  pendingEntries,
  writeClassifications,
  writeListedPage,
  type ClassifiedEntry,
  type PendingEntry,
} from "@/lib/db/scan-writes";
import {
  claimScan,
  finishScan,
  getScan,
  isCancelRequested,
  savePosture,
  type ScanRecord,
} from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { AdaptiveLimiter, withRetry, type RetryPolicy, type RetryStats } from "@/lib/jobs/limiter";
import { linkedAbort, runPool } from "@/lib/jobs/run-control";
import { listingPlanOf, parallelListing } from "@/lib/jobs/scan-listing";
import type { S3Client } from "@aws-sdk/client-s3";

export type RunOptions = {
  signal?: AbortSignal;
  /** Called after every flush with the stored state, for progress displays. */
  onProgress?: (scan: ScanRecord) => void;
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  flushEveryMs?: number;
  /** A budget of requests shared with other scans (a fleet's, across its accounts); the scan's own otherwise. */
  limiter?: AdaptiveLimiter;
};

const defaultRetry: RetryPolicy = {
  attempts: 10,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  isRetryable,
  isThrottle,
};

/**
 * Runs (or resumes) a stored scan to its end: posture, listing with FetchOwner, then ACL and HEAD checks under an
 * adaptive limiter, streaming every result to SQLite in batched transactions. Safe to kill at any point: the next
 * run continues from the checkpoint and re-checks only the rows left pending.
 */
// eslint-disable-next-line max-lines-per-function -- the run's order is the story a reader needs in one place (listing started before the posture, the pool, the end state); each part it wires is its own function below
export async function runScan(db: Db, scanId: number, options: RunOptions = {}): Promise<ScanRecord> {
  const scan = getScan(db, scanId);
  if (!scan) throw new AppError("not_found", `No scan ${scanId}.`);
  claimScan(db, scanId, process.pid);

  const client = s3For(scan.target, { maxSockets: scan.concurrency, maxAttempts: 1 });
  const retry = { ...defaultRetry, ...options.retry };
  const limiter = options.limiter ?? new AdaptiveLimiter(scan.concurrency);
  const stats: RetryStats = { requests: 0, retries: 0, throttled: 0 };
  const { controller, signal, release } = linkedAbort(
    options.signal,
    () => options.signal?.reason ?? new Error("cancelled"),
  );
  const call = <T>(fn: () => Promise<T>) => withRetry(limiter, retry, stats, fn, signal);

  // The listing starts now, from each piece's checkpoint, so its first pages are on their way while the posture is
  // read; its pages and the per-key reads share one budget of requests (and back off together when throttled).
  const source = {
    client,
    bucket: scan.bucket,
    prefix: scan.prefix,
    versions: scan.versions,
    limiter,
    retry,
    stats,
  };
  const listing = scan.listingDone
    ? null
    : parallelListing(
        { ...source, pageSize: options.pageSize ?? 1_000, signal },
        listingPlanOf(scan),
        scan.concurrency,
      );

  const known = await knownPosture(db, scan, client, call, signal);
  if ("failed" in known) {
    finishScan(db, scanId, signal.aborted ? "cancelled" : "failed", known.failed);
    controller.abort(new Error(known.failed)); // the listing's first page, asked for with the posture, is not wanted
    release();
    return getScan(db, scanId)!;
  }
  const { ownerId, posture } = known;
  // With ACLs disabled every object is the bucket owner's: no per-key request can find anything else.
  const mode: ScanMode = posture.objectOwnership.value === "BucketOwnerEnforced" ? "fast" : scan.mode;
  const knownWithoutRequest = listedClassifier(ownerId, mode);
  const flusher = resultFlusher(db, scanId, stats, options.onProgress, () =>
    controller.abort(new Error("cancelled")),
  );
  const flushTimer = setInterval(flusher.flush, options.flushEveryMs ?? 250);

  let failure: string | null = null;
  const fail = (message: string) => {
    failure ??= message;
    controller.abort(new Error(message));
  };
  const check = checker({ client, bucket: scan.bucket, ownerId, call, signal, attempts: retry.attempts });

  /** One pending key checked; false stops this worker (the scan failed). */
  const work = async (item: PendingEntry): Promise<boolean> => {
    let classification: Classification;
    try {
      classification = await check(item);
    } catch (error) {
      if (!signal.aborted) fail(`checking ${item.key}: ${describeFailure(error)}`);
      return false;
    }
    // Outside the check's catch: a failed write to the store is the scan's failure, not this key's.
    flusher.add({ key: item.key, versionId: item.versionId, classification });
    return true;
  };

  await runPool({
    concurrency: scan.concurrency,
    capacity: Math.max(2_000, scan.concurrency * 8),
    signal,
    produce: async (push) => {
      try {
        await pushUnchecked({ db, scanId, listing, knownWithoutRequest, signal, push, keep: flusher.keep });
      } catch (error) {
        if (!signal.aborted) fail(toAppError(error, `list bucket ${scan.bucket}`).message);
      }
    },
    work,
  });
  clearInterval(flushTimer);
  flusher.flush();
  release();

  if (flusher.cancelled() || isCancelRequested(db, scanId)) finishScan(db, scanId, "cancelled", null);
  else if (failure) finishScan(db, scanId, "failed", failure);
  // Interrupted by its caller (Ctrl-C): left resumable, like a crash, by running the same scan again.
  else if (options.signal?.aborted)
    finishScan(db, scanId, "failed", "interrupted before the end; run it again to resume");
  else finishScan(db, scanId, "completed", null);
  const final = getScan(db, scanId)!;
  options.onProgress?.(final);
  return final;
}

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * The posture before any key is classified (read now unless a previous run stored it): the bucket owner's canonical
 * ID is what every key is compared with. Why it could not be read, when it could not.
 */
async function knownPosture(
  db: Db,
  scan: ScanRecord,
  client: S3Client,
  call: Call,
  signal: AbortSignal,
): Promise<{ ownerId: string; posture: BucketPosture } | { failed: string }> {
  if (scan.bucketOwnerId && scan.posture) return { ownerId: scan.bucketOwnerId, posture: scan.posture };
  try {
    const facts = await call(() => readPostureFacts(client, scan.bucket));
    const posture = analyzePosture(facts);
    savePosture(db, scan.id, posture);
    return { ownerId: facts.ownerId, posture };
  } catch (error) {
    return { failed: signal.aborted ? "cancelled" : toAppError(error, `read bucket ${scan.bucket}`).message };
  }
}

/**
 * What a listed key is without a request: a delete marker, or (in fast mode) a key the bucket owner owns, classified
 * alike from the listing alone with one shared record; null when its ACL must be read.
 */
function listedClassifier(ownerId: string, mode: ScanMode) {
  const ownedAsListed = classify({
    bucketOwnerId: ownerId,
    listedOwnerId: ownerId,
    acl: { kind: "not-checked" },
    head: { kind: "not-checked" },
  });
  return (e: ListedEntry | PendingEntry): Classification | null => {
    if (e.deleteMarker) return classifyDeleteMarker(ownerId, e.ownerId);
    return needsAclCheck(mode, e.ownerId, ownerId) ? null : ownedAsListed;
  };
}

/**
 * Results are written in batches (500, or every flush period); the flush also carries the heartbeat and notices a
 * cancel from elsewhere.
 */
function resultFlusher(
  db: Db,
  scanId: number,
  stats: RetryStats,
  onProgress: RunOptions["onProgress"],
  onCancel: () => void,
) {
  let buffer: ClassifiedEntry[] = [];
  let flushedStats: RetryStats = { ...stats };
  let lastFlush = Date.now();
  let cancelled = false;
  const flush = () => {
    const now = Date.now();
    const delta = {
      requests: stats.requests - flushedStats.requests,
      retries: stats.retries - flushedStats.retries,
      throttled: stats.throttled - flushedStats.throttled,
      activeMs: now - lastFlush,
    };
    writeClassifications(db, scanId, buffer, delta);
    buffer = [];
    flushedStats = { ...stats };
    lastFlush = now;
    if (!cancelled && isCancelRequested(db, scanId)) {
      cancelled = true;
      onCancel();
    }
    onProgress?.(getScan(db, scanId)!);
  };
  /** A result, written with the next flush. */
  const keep = (entry: ClassifiedEntry) => buffer.push(entry);
  /** A result, written at once when 500 wait. */
  const add = (entry: ClassifiedEntry) => {
    keep(entry);
    if (buffer.length >= 500) flush();
  };
  return { add, keep, flush, cancelled: () => cancelled };
}

/** One key's ACL read (and a HEAD when the ACL cannot say), classified; a request that kept failing says why. */
function checker(o: {
  client: S3Client;
  bucket: string;
  ownerId: string;
  call: Call;
  signal: AbortSignal;
  attempts: number;
}) {
  const failedAfter = (error: unknown) => ({
    kind: "failed" as const,
    reason: `${describeFailure(error)} after ${o.attempts} attempts`,
  });
  return async (item: PendingEntry): Promise<Classification> => {
    const where = { bucket: o.bucket, key: item.key, versionId: item.versionId, signal: o.signal };
    let acl: AclOutcome;
    try {
      acl = await o.call(() => readObjectAcl(o.client, where));
    } catch (error) {
      if (o.signal.aborted) throw error;
      acl = failedAfter(error);
    }
    let head: HeadOutcome = { kind: "not-checked" };
    if (needsHeadProbe(acl) && !item.deleteMarker) {
      try {
        head = await o.call(() => probeObject(o.client, where));
      } catch (error) {
        if (o.signal.aborted) throw error;
        head = failedAfter(error);
      }
    }
    return classify({ bucketOwnerId: o.ownerId, listedOwnerId: item.ownerId, acl, head });
  };
}

/**
 * Every key that needs a request, to the workers: first the rows a previous run listed but did not finish (in
 * flight when it stopped), then the rest of the listing from the checkpoint, each page stored as it comes. Keys
 * known without a request are kept as they are.
 */
async function pushUnchecked(o: {
  db: Db;
  scanId: number;
  listing: ReturnType<typeof parallelListing> | null;
  knownWithoutRequest: ReturnType<typeof listedClassifier>;
  signal: AbortSignal;
  push: (item: PendingEntry) => Promise<void>;
  keep: (entry: ClassifiedEntry) => void;
}) {
  let after: { key: string; versionId: string } | null = null;
  for (;;) {
    const chunk = pendingEntries(o.db, o.scanId, after, 1_000);
    if (chunk.length === 0) break;
    for (const e of chunk) {
      const now = o.knownWithoutRequest(e);
      if (now) o.keep({ key: e.key, versionId: e.versionId, classification: now });
      else await o.push(e);
      if (o.signal.aborted) return;
    }
    const last = chunk[chunk.length - 1]!;
    after = { key: last.key, versionId: last.versionId };
  }
  if (!o.listing) return;
  for (let page = await o.listing.next(); page && !o.signal.aborted; page = await o.listing.next()) {
    const { entries, listing, done } = page;
    const known = entries.map(o.knownWithoutRequest);
    const { inserted } = writeListedPage(o.db, o.scanId, {
      entries,
      classifiedNow: known,
      after: null,
      listing,
      done,
    });
    for (let i = 0; i < entries.length; i++) {
      if (inserted[i] && !known[i]) await o.push(entries[i]!);
      if (o.signal.aborted) return;
    }
  }
}
