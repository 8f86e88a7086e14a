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
import { prefetchedListing } from "@/lib/jobs/scan-listing";

export type RunOptions = {
  signal?: AbortSignal;
  /** Called after every flush with the stored state, for progress displays. */
  onProgress?: (scan: ScanRecord) => void;
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  flushEveryMs?: number;
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
export async function runScan(db: Db, scanId: number, options: RunOptions = {}): Promise<ScanRecord> {
  const scan = getScan(db, scanId);
  if (!scan) throw new AppError("not_found", `No scan ${scanId}.`);
  claimScan(db, scanId, process.pid);

  const target = scan.target;
  const client = s3For(target, { maxSockets: scan.concurrency, maxAttempts: 1 });
  const retry = { ...defaultRetry, ...options.retry };
  const limiter = new AdaptiveLimiter(scan.concurrency);
  const stats: RetryStats = { requests: 0, retries: 0, throttled: 0 };
  const { controller, signal, release } = linkedAbort(
    options.signal,
    () => options.signal?.reason ?? new Error("cancelled"),
  );

  let cancelled = false;
  let failure: string | null = null;
  const fail = (message: string) => {
    failure ??= message;
    controller.abort(new Error(message));
  };

  // The listing starts now, from the checkpoint, so its first page is on its way while the posture is read.
  const listing = prefetchedListing(
    {
      client,
      bucket: scan.bucket,
      prefix: scan.prefix,
      versions: scan.versions,
      pageSize: options.pageSize ?? 1_000,
      limiter: new AdaptiveLimiter(1),
      retry,
      stats,
      signal,
    },
    scan.listingDone ? null : { key: scan.listAfterKey, version: scan.listAfterVersion },
  );

  // The posture before any key is classified: the bucket owner's canonical ID is what every key is compared with.
  let bucketOwnerId = scan.bucketOwnerId;
  let posture: BucketPosture | null = scan.posture;
  if (!bucketOwnerId || !posture) {
    try {
      const facts = await withRetry(
        limiter,
        retry,
        stats,
        () => readPostureFacts(client, scan.bucket),
        signal,
      );
      posture = analyzePosture(facts);
      bucketOwnerId = facts.ownerId;
      savePosture(db, scanId, posture);
    } catch (error) {
      const message = signal.aborted ? "cancelled" : toAppError(error, `read bucket ${scan.bucket}`).message;
      finishScan(db, scanId, signal.aborted ? "cancelled" : "failed", message);
      controller.abort(new Error(message)); // the listing's first page, asked for with the posture, is not wanted
      release();
      return getScan(db, scanId)!;
    }
  }
  const ownerId = bucketOwnerId;
  // With ACLs disabled every object is the bucket owner's: no per-key request can find anything else.
  const enforced = posture.objectOwnership.value === "BucketOwnerEnforced";
  const mode: ScanMode = enforced ? "fast" : scan.mode;

  // In fast mode every key the bucket owner owns is classified alike, from the listing alone: one shared record.
  const ownedAsListed = classify({
    bucketOwnerId: ownerId,
    listedOwnerId: ownerId,
    acl: { kind: "not-checked" },
    head: { kind: "not-checked" },
  });
  const knownWithoutRequest = (e: ListedEntry | PendingEntry): Classification | null => {
    if (e.deleteMarker) return classifyDeleteMarker(ownerId, e.ownerId);
    return needsAclCheck(mode, e.ownerId, ownerId) ? null : ownedAsListed;
  };

  // Results are written in batches; the flush also carries the heartbeat and notices a cancel from elsewhere.
  let buffer: ClassifiedEntry[] = [];
  let flushedStats: RetryStats = { ...stats };
  let lastFlush = Date.now();
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
      controller.abort(new Error("cancelled"));
    }
    options.onProgress?.(getScan(db, scanId)!);
  };
  const flushTimer = setInterval(flush, options.flushEveryMs ?? 250);

  const check = async (item: PendingEntry): Promise<Classification> => {
    const where = { bucket: scan.bucket, key: item.key, versionId: item.versionId, signal };
    let acl: AclOutcome;
    try {
      acl = await withRetry(limiter, retry, stats, () => readObjectAcl(client, where), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      acl = { kind: "failed", reason: `${describeFailure(error)} after ${retry.attempts} attempts` };
    }
    let head: HeadOutcome = { kind: "not-checked" };
    if (needsHeadProbe(acl) && !item.deleteMarker) {
      try {
        head = await withRetry(limiter, retry, stats, () => probeObject(client, where), signal);
      } catch (error) {
        if (signal.aborted) throw error;
        head = { kind: "failed", reason: `${describeFailure(error)} after ${retry.attempts} attempts` };
      }
    }
    return classify({ bucketOwnerId: ownerId, listedOwnerId: item.ownerId, acl, head });
  };

  /** One pending key checked; false stops this worker (the scan failed). */
  const work = async (item: PendingEntry): Promise<boolean> => {
    try {
      // Await first: `buffer` is replaced at every flush, so it must be read after the check returns.
      const classification = await check(item);
      buffer.push({ key: item.key, versionId: item.versionId, classification });
    } catch (error) {
      if (!signal.aborted) fail(`checking ${item.key}: ${describeFailure(error)}`);
      return false;
    }
    if (buffer.length >= 500) flush();
    return true;
  };

  const produce = async (push: (item: PendingEntry) => Promise<void>) => {
    // 1. Rows a previous run listed but did not finish (in flight when it stopped).
    let after: { key: string; versionId: string } | null = null;
    for (;;) {
      const chunk = pendingEntries(db, scanId, after, 1_000);
      if (chunk.length === 0) break;
      for (const e of chunk) {
        const now = knownWithoutRequest(e);
        if (now) buffer.push({ key: e.key, versionId: e.versionId, classification: now });
        else await push(e);
        if (signal.aborted) return;
      }
      const last = chunk[chunk.length - 1]!;
      after = { key: last.key, versionId: last.versionId };
    }
    // 2. The rest of the listing, from the checkpoint (its first page was asked for with the posture).
    for (let page = await listing.next(); page && !signal.aborted; page = await listing.next()) {
      const { entries, next } = page;
      const known = entries.map(knownWithoutRequest);
      const { inserted } = writeListedPage(db, scanId, {
        entries,
        classifiedNow: known,
        after: next,
        done: next === null,
      });
      for (let i = 0; i < entries.length; i++) {
        if (inserted[i] && !known[i]) await push(entries[i]!);
        if (signal.aborted) return;
      }
    }
  };

  await runPool({
    concurrency: scan.concurrency,
    capacity: Math.max(2_000, scan.concurrency * 8),
    signal,
    produce: async (push) => {
      try {
        await produce(push);
      } catch (error) {
        if (!signal.aborted) fail(toAppError(error, `list bucket ${scan.bucket}`).message);
      }
    },
    work,
  });
  clearInterval(flushTimer);
  flush();
  release();

  if (cancelled || isCancelRequested(db, scanId)) finishScan(db, scanId, "cancelled", null);
  else if (failure) finishScan(db, scanId, "failed", failure);
  // Interrupted by its caller (Ctrl-C): left resumable, like a crash, by running the same scan again.
  else if (options.signal?.aborted)
    finishScan(db, scanId, "failed", "interrupted before the end; run it again to resume");
  else finishScan(db, scanId, "completed", null);
  const final = getScan(db, scanId)!;
  options.onProgress?.(final);
  return final;
}
