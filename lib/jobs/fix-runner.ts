import "server-only";
import type { Grant } from "@/lib/audit/types";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { describeFailure, isRetryable, isThrottle } from "@/lib/aws/errors";
import { planContextFor } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { appendAudit, listAudit } from "@/lib/db/audit-log";
import { recordFindingChange } from "@/lib/db/finding-changes";
import { openFixItems, updateFixItem, type FixItemRecord } from "@/lib/db/fix-items";
import { claimFixJob, finishFixJob, getFixJob, heartbeatFixJob, type FixJobRecord } from "@/lib/db/fix-jobs";
import { AppError } from "@/lib/errors";
import { COPY_LIMIT_BYTES, PART_BYTES } from "@/lib/fix/plan";
import { countOf } from "@/lib/format";
import { assertBucketFree, fixJobsHere } from "@/lib/jobs/fix-lock";
import {
  copyStep,
  failed,
  grantStep,
  observeAndReplan,
  type StepContext,
  type StepResult,
} from "@/lib/jobs/fix-steps";
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

/** Where a step starts: the owner, access and grants the step before it left (or the plan saw). */
type Before = { ownerId: string | null; access: string | null; grants: Grant[] | null };

// Each object's worker has up to two requests in flight (the writer's ACL re-check beside its HEAD).
const REQUESTS_PER_WORKER = 2;

/** The client a fix job sends its requests through for `target`: one per identity, sized to the job's concurrency. */
export const fixJobClient = (target: AwsTarget, concurrency: number) =>
  s3For(target, { maxSockets: concurrency * REQUESTS_PER_WORKER, maxAttempts: 1 });

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
  const { targets } = job;
  // One running job per bucket: checked and claimed in one write transaction.
  db.transaction(() => {
    assertBucketFree(db, { bucket: job.bucket, targets }, jobId);
    claimFixJob(db, jobId, process.pid);
  }).immediate();
  fixJobsHere.add(jobId);
  const clientOf = (t: AwsTarget) => fixJobClient(t, job.concurrency);
  const readClient = clientOf(targets.read);
  const retry = { ...retryDefaults, ...options.retry };
  const limiter = new AdaptiveLimiter(job.concurrency * REQUESTS_PER_WORKER);
  const stats: RetryStats = { requests: 0, retries: 0, throttled: 0 };
  const { signal, release } = linkedAbort(options.signal, () => new Error("interrupted"));
  const copyLimitBytes = options.copyLimitBytes ?? COPY_LIMIT_BYTES;
  const partBytes = options.partBytes ?? PART_BYTES;
  const call = <T>(fn: () => Promise<T>) => withRetry(limiter, retry, stats, fn, signal);

  let stopping: "pause" | "cancel" | null = null;
  const poll = () => {
    const flags = heartbeatFixJob(db, jobId);
    if (!stopping && (flags.cancel || flags.pause)) stopping = flags.cancel ? "cancel" : "pause";
    options.onProgress?.(getFixJob(db, jobId)!);
  };
  const timer = setInterval(poll, 250);

  const ctx: StepContext = {
    db,
    job,
    targets,
    signal,
    call,
    clientOf,
    readClient,
    copyLimitBytes,
    partBytes,
    verifyContent: options.verifyContent ?? false,
    reportsTagCounts: new WeakSet(),
  };

  // A retried object is planned again with the identities the job has now (reasons name accounts by their IDs).
  const replanContext = planContextFor(targets, {
    accountName: (id) => id,
    versioning: "unknown",
    keepPublicGrants: job.keepPublicGrants,
  });

  // The audit entry, the finding's change (beside the scan, which keeps what it saw) and the item's end state are
  // written together: one commit per object.
  const finishItem = db.transaction((item: FixItemRecord, result: StepResult, audit: AuditEntry | null) => {
    if (audit) appendAudit(db, audit);
    if (result.state === "fixed" && result.after && job.scanId !== null) {
      recordFindingChange(db, job.scanId, item.key, item.versionId, result.after, { fixJobId: jobId });
    }
    updateFixItem(db, jobId, item, {
      state: result.state,
      reason: result.reason,
      ownerAfter: result.after?.ownerId ?? null,
      accessAfter: result.after?.bucketOwnerAccess ?? null,
      attempt: true,
    });
  });

  const stepFailure = (error: unknown): StepResult =>
    failed(`${describeFailure(error)} after ${retry.attempts} attempts`);

  const auditOf = (item: FixItemRecord, step: string, before: Before, result: StepResult): AuditEntry => ({
    actor: job.actor,
    jobId,
    connectionId: job.connectionId,
    bucket: job.bucket,
    key: item.key,
    versionId: item.versionId || null,
    action: step,
    ownerBefore: before.ownerId,
    accessBefore: before.access,
    ownerAfter: result.after?.ownerId ?? null,
    accessAfter: result.after?.bucketOwnerAccess ?? null,
    result: result.state,
    reason: result.reason,
    grantsBefore: result.grantsBefore ?? before.grants,
    grantsAfter: result.after?.grants ?? null,
  });

  const fixOne = async (planned: FixItemRecord) => {
    let item = planned;
    if (item.observe) {
      let replanned: FixItemRecord | StepResult;
      try {
        replanned = await observeAndReplan(ctx, item, replanContext);
      } catch (error) {
        if (signal.aborted) return;
        replanned = stepFailure(error);
      }
      if ("state" in replanned && !("key" in replanned)) {
        const before = { ownerId: item.ownerBefore, access: item.accessBefore, grants: null };
        return finishItem(item, replanned, auditOf(item, "observe", before, replanned));
      }
      item = replanned as FixItemRecord;
    }
    const steps = [item.strategy!, ...(item.thenStrategy ? [item.thenStrategy] : [])];
    // Resume at the step the item had reached.
    let index = Math.max(0, steps.indexOf(item.step ?? item.strategy!));
    let current = item;
    let result: StepResult = failed("nothing to do");
    let lastAudit: AuditEntry | null = null;
    // Each step's audit entry starts from what the step before it left (the whole chain is readable as one story),
    // and each step is guarded by it; a job resumed at a later step finds that in the earlier step's entry.
    let before: Before = { ownerId: item.ownerBefore, access: item.accessBefore, grants: item.plannedGrants };
    if (index > 0) {
      const previous = listAudit(db, { jobId, key: item.key, limit: 20 }).find(
        (e) => (e.versionId ?? "") === item.versionId && e.result === "fixed",
      );
      if (previous)
        before = {
          ownerId: previous.ownerAfter,
          access: previous.accessAfter,
          grants: previous.grantsAfter ?? null,
        };
    }
    for (; index < steps.length; index++) {
      const step = steps[index]!;
      const expected = { ownerId: before.ownerId, grants: before.grants };
      try {
        result =
          step === "grant"
            ? await grantStep(ctx, current, expected)
            : await copyStep(ctx, current, step, expected);
      } catch (error) {
        if (signal.aborted) return;
        result = stepFailure(error);
      }
      const entry = auditOf(item, step, before, result);
      // A step that left the object the bucket owner's already (a re-put in a BucketOwnerPreferred bucket) ends it.
      const done = result.state !== "fixed" || result.after?.ownerId === targets.bucketOwnerId;
      if (done || index === steps.length - 1) {
        lastAudit = entry;
        break;
      }
      appendAudit(db, entry);
      before = { ownerId: entry.ownerAfter, access: entry.accessAfter, grants: entry.grantsAfter ?? null };
      // A copy that follows a copy starts from what the first one wrote (no second HEAD and tag read), guarded by
      // the ETag that copy returned and by the owner and grants it left.
      const next = steps[index + 1]!;
      const carried = next !== "grant" ? (result.restated ?? null) : null;
      const patch = carried
        ? {
            state: "copying" as const,
            step: next,
            snapshot: { ...carried, carried: true },
            plannedEtag: carried.etag,
          }
        : { state: "pending" as const, step: next, snapshot: null };
      updateFixItem(db, jobId, item, patch);
      current = { ...current, ...patch };
    }
    finishItem(item, result, lastAudit);
  };

  // Whatever happens below, the heartbeat stops and the job is no longer this process's: a job left "running" by
  // a failure is then seen as stopped (resumable, cancellable) instead of holding its bucket.
  try {
    await runPool<FixItemRecord>({
      concurrency: job.concurrency,
      capacity: job.concurrency * 4,
      signal,
      // The open items in key order, a page at a time, until the job is asked to stop.
      produce: async (push) => {
        let after: { key: string; versionId: string } | null = null;
        for (;;) {
          const chunk = openFixItems(db, jobId, after, 500);
          if (chunk.length === 0) return;
          for (const item of chunk) {
            if (stopping || signal.aborted) return;
            await push(item);
          }
          const last = chunk[chunk.length - 1]!;
          after = { key: last.key, versionId: last.versionId };
        }
      },
      work: async (item) => {
        if (stopping || signal.aborted) return false;
        await fixOne(item);
      },
    });
  } finally {
    clearInterval(timer);
    release();
    fixJobsHere.delete(jobId);
  }
  poll();

  const state = getFixJob(db, jobId)!;
  const open = state.counts.pending + state.counts.copying;
  if (stopping === "cancel") finishFixJob(db, jobId, "cancelled", null);
  else if (stopping === "pause") finishFixJob(db, jobId, "paused", null);
  else if (options.signal?.aborted)
    finishFixJob(db, jobId, "failed", "interrupted before the end; run it again to resume");
  else
    finishFixJob(
      db,
      jobId,
      open > 0 ? "failed" : "completed",
      open > 0 ? `${countOf(open, "object was", "objects were")} not processed` : null,
    );
  const final = getFixJob(db, jobId)!;
  options.onProgress?.(final);
  return final;
}
