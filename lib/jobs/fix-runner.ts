import "server-only";
import { bucketTenantFor, s3For, type AwsTarget } from "@/lib/aws/clients";
import { describeFailure, isRetryable, isThrottle } from "@/lib/aws/errors";
import { planContextFor } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/db/audit-log";
import { recordFindingChange } from "@/lib/db/finding-changes";
import { openFixItems, updateFixItem, type FixItemRecord } from "@/lib/db/fix-items";
import { claimFixJob, finishFixJob, getFixJob, heartbeatFixJob, type FixJobRecord } from "@/lib/db/fix-jobs";
import { AppError } from "@/lib/errors";
import { COPY_LIMIT_BYTES, PART_BYTES } from "@/lib/fix/plan";
import { countOf } from "@/lib/format";
import { fixItem, type ItemRun } from "@/lib/jobs/fix-item";
import { assertBucketFree, fixJobsHere } from "@/lib/jobs/fix-lock";
import { failed, type StepContext, type StepResult } from "@/lib/jobs/fix-steps";
import { AdaptiveLimiter, withRetry, type RetryPolicy, type RetryStats } from "@/lib/jobs/limiter";
import { linkedAbort, runPool } from "@/lib/jobs/run-control";
import type { AuditEntry } from "@/lib/schemas/fix";

export type FixRunOptions = {
  signal?: AbortSignal;
  onProgress?: (job: FixJobRecord) => void;
  /** Lowered in tests so the multipart copy path runs on a small object. */
  copyLimitBytes?: number;
  partBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Also read every kept attribute back after a copy and compare it (the owner and grants are always verified). */
  verifyContent?: boolean;
};

// Each object's worker has up to two requests in flight (the writer's ACL re-check beside its HEAD).
const REQUESTS_PER_WORKER = 2;

/** The client a fix job sends its requests through for `target`: one per identity, sized to the job's concurrency. */
export const fixJobClient = (target: AwsTarget, concurrency: number, bucketTenant: string | null = null) =>
  s3For(target, { maxSockets: concurrency * REQUESTS_PER_WORKER, maxAttempts: 1, bucketTenant });

const retryDefaults: RetryPolicy = {
  attempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  isRetryable,
  isThrottle,
};

/**
 * Runs (or resumes) a fix job: each pending object through its strategy, guarded by the planned ETag, with tags
 * put back (every kept attribute compared before and after when verifyContent asks), and the end state read back
 * through the read role.
 * Per-object state is in SQLite, so after kill -9 the next run redoes nothing that finished.
 */
export async function runFixJob(db: Db, jobId: number, options: FixRunOptions = {}): Promise<FixJobRecord> {
  const job = getFixJob(db, jobId);
  if (!job) throw new AppError("not_found", `No fix job ${jobId}.`);
  // One running job per bucket: checked and claimed in one write transaction.
  db.transaction(() => {
    assertBucketFree(db, { bucket: job.bucket, targets: job.targets }, jobId);
    claimFixJob(db, jobId, process.pid);
  }).immediate();
  fixJobsHere.add(jobId);
  const { signal, release } = linkedAbort(options.signal, () => new Error("interrupted"));
  const run = itemRunOf(db, job, signal, options);

  let stopping: "pause" | "cancel" | null = null;
  const poll = () => {
    const flags = heartbeatFixJob(db, jobId);
    if (!stopping && (flags.cancel || flags.pause)) stopping = flags.cancel ? "cancel" : "pause";
    options.onProgress?.(getFixJob(db, jobId)!);
  };
  const timer = setInterval(poll, 250);
  const halted = () => stopping !== null || signal.aborted;

  // Whatever happens below, the heartbeat stops and the job is no longer this process's: a job left "running" by
  // a failure is then seen as stopped (resumable, cancellable) instead of holding its bucket.
  try {
    await runPool<FixItemRecord>({
      concurrency: job.concurrency,
      capacity: job.concurrency * 4,
      signal,
      produce: (push) => pushOpenItems(db, jobId, push, halted),
      work: async (item) => {
        if (halted()) return false;
        await fixItem(run, item);
      },
    });
  } finally {
    clearInterval(timer);
    release();
    fixJobsHere.delete(jobId);
  }
  poll();
  endFixJob(db, jobId, stopping, options.signal?.aborted ?? false);
  const final = getFixJob(db, jobId)!;
  options.onProgress?.(final);
  return final;
}

/** What every object of a run shares: the step context, how to plan again, how to record an object's end. */
function itemRunOf(db: Db, job: FixJobRecord, signal: AbortSignal, options: FixRunOptions): ItemRun {
  // A writer's fixer acts from its own account: on Ceph it names the bucket with the bucket owner's tenant.
  const isFixer = (t: AwsTarget) => t !== job.targets.read && t !== job.targets.owner;
  const clientOf = (t: AwsTarget) =>
    fixJobClient(t, job.concurrency, isFixer(t) ? bucketTenantFor(t, job.targets.bucketOwnerId) : null);
  const retry = { ...retryDefaults, ...options.retry };
  const limiter = new AdaptiveLimiter(job.concurrency * REQUESTS_PER_WORKER);
  const stats: RetryStats = { requests: 0, retries: 0, throttled: 0 };
  const ctx: StepContext = {
    db,
    job,
    targets: job.targets,
    signal,
    call: (fn) => withRetry(limiter, retry, stats, fn, signal),
    clientOf,
    readClient: clientOf(job.targets.read),
    copyLimitBytes: options.copyLimitBytes ?? COPY_LIMIT_BYTES,
    partBytes: options.partBytes ?? PART_BYTES,
    verifyContent: options.verifyContent ?? false,
    reportsTagCounts: new WeakSet(),
  };
  // A retried object is planned again with the identities the job has now (reasons name accounts by their IDs).
  const replanContext = planContextFor(job.targets, {
    accountName: (id) => id,
    versioning: "unknown",
    keepPublicGrants: job.keepPublicGrants,
  });
  // The audit entry, the finding's change (beside the scan, which keeps what it saw) and the item's end state are
  // written together: one commit per object.
  const finish = db.transaction((item: FixItemRecord, result: StepResult, audit: AuditEntry | null) => {
    if (audit) appendAudit(db, audit);
    if (result.state === "fixed" && result.after && job.scanId !== null) {
      recordFindingChange(db, job.scanId, item.key, item.versionId, result.after, { fixJobId: job.id });
    }
    updateFixItem(db, job.id, item, {
      state: result.state,
      reason: result.reason,
      ownerAfter: result.after?.ownerId ?? null,
      accessAfter: result.after?.bucketOwnerAccess ?? null,
      attempt: true,
    });
  });
  const fail = (error: unknown): StepResult =>
    failed(`${describeFailure(error)} after ${retry.attempts} attempts`);
  return { ctx, replanContext, finish, fail };
}

/** The open items in key order, a page at a time, until the job is asked to stop. */
async function pushOpenItems(
  db: Db,
  jobId: number,
  push: (item: FixItemRecord) => Promise<void>,
  halted: () => boolean,
) {
  let after: { key: string; versionId: string } | null = null;
  for (;;) {
    const chunk = openFixItems(db, jobId, after, 500);
    if (chunk.length === 0) return;
    for (const item of chunk) {
      if (halted()) return;
      await push(item);
    }
    const last = chunk[chunk.length - 1]!;
    after = { key: last.key, versionId: last.versionId };
  }
}

/** How the run ended: asked to stop, interrupted, or every object processed (or not). */
function endFixJob(db: Db, jobId: number, stopping: "pause" | "cancel" | null, interrupted: boolean) {
  const state = getFixJob(db, jobId)!;
  const open = state.counts.pending + state.counts.copying;
  if (stopping === "cancel") finishFixJob(db, jobId, "cancelled", null);
  else if (stopping === "pause") finishFixJob(db, jobId, "paused", null);
  else if (interrupted)
    finishFixJob(db, jobId, "failed", "interrupted before the end; run it again to resume");
  else
    finishFixJob(
      db,
      jobId,
      open > 0 ? "failed" : "completed",
      open > 0 ? `${countOf(open, "object was", "objects were")} not processed` : null,
    );
}
