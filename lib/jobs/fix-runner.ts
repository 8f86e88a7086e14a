import "server-only";
import { setMaxListeners } from "node:events";
import type { S3Client } from "@aws-sdk/client-s3";
import { classify } from "@/lib/audit/classify";
import type { Classification } from "@/lib/audit/types";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { describeFailure, isRetryable, isThrottle } from "@/lib/aws/errors";
import {
  copyInPlace,
  grantBucketOwnerFullControl,
  putTags,
  readHead,
  readSnapshot,
  readTags,
  type ObjectRef,
  type SnapshotOutcome,
} from "@/lib/aws/fix-io";
import { probeObject, readObjectAcl } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import {
  appendAudit,
  claimFixJob,
  finishFixJob,
  getFixJob,
  heartbeatFixJob,
  listAudit,
  openFixItems,
  updateFixItem,
  type AuditEntry,
  type FixItemRecord,
  type FixJobRecord,
  type FixItemState,
} from "@/lib/db/fixes";
import { applyFixToFinding } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { COPY_LIMIT_BYTES, PART_BYTES } from "@/lib/fix/plan";
import { kmsKeyAccount, lostInCopy, type ObjectSnapshot } from "@/lib/fix/snapshot";
import { AdaptiveLimiter, withRetry, type RetryPolicy, type RetryStats } from "@/lib/jobs/limiter";
import { WorkQueue } from "@/lib/jobs/work-queue";

/** The identities a fix job acts as (references only): the read role verifies, the others write. */
export type FixTargets = {
  bucketOwnerId: string;
  read: AwsTarget;
  owner: AwsTarget | null;
  fixers: Record<string, AwsTarget>;
};

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

type StepResult = {
  state: FixItemState;
  reason: string | null;
  after: Classification | null;
  /** After a copy: what the object now is (the snapshot with the copy's ETag), for a copy step that follows. */
  restated?: ObjectSnapshot;
};

/** The client a fix job sends its requests through for `target`: one per identity, sized to the job's concurrency. */
export const fixJobClient = (target: AwsTarget, concurrency: number) =>
  s3For(target, { maxSockets: concurrency, maxAttempts: 1 });

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
  claimFixJob(db, jobId, process.pid);
  const targets = JSON.parse(job.targetsJson) as FixTargets;
  const clientOf = (t: AwsTarget) => fixJobClient(t, job.concurrency);
  const readClient = clientOf(targets.read);
  const retry = { ...retryDefaults, ...options.retry };
  const limiter = new AdaptiveLimiter(job.concurrency);
  const stats: RetryStats = { requests: 0, retries: 0, throttled: 0 };
  const controller = new AbortController();
  const signal = controller.signal;
  setMaxListeners(0, signal);
  const fromCaller = () => controller.abort(new Error("interrupted"));
  options.signal?.addEventListener("abort", fromCaller, { once: true });
  if (options.signal?.aborted) fromCaller();
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

  /** Owner and bucket-owner access as the read role sees them now. */
  const readBack = async (ref: ObjectRef): Promise<Classification> => {
    const acl = await call(() => readObjectAcl(readClient, { ...ref, versionId: ref.versionId ?? "" }));
    const head =
      acl.kind === "denied"
        ? await call(() => probeObject(readClient, { ...ref, versionId: ref.versionId ?? "" }))
        : { kind: "not-checked" as const };
    return classify({ bucketOwnerId: targets.bucketOwnerId, listedOwnerId: null, acl, head });
  };

  const expectEnd = (strategy: string, item: FixItemRecord, c: Classification): string | null => {
    if (strategy === "take-ownership") {
      return c.ownerId === targets.bucketOwnerId
        ? null
        : `verification: the owner is ${c.ownerId ?? "unknown"}, not the bucket owner`;
    }
    if (c.bucketOwnerAccess !== "full-control" && c.status !== "owned") {
      return `verification: the bucket owner's access is ${c.bucketOwnerAccess}, not full-control`;
    }
    return c.ownerId === item.ownerBefore || c.ownerId === targets.bucketOwnerId
      ? null
      : `verification: unexpected owner ${c.ownerId}`;
  };

  // Identities seen to report tag counts (a HeadObject with x-amz-tagging-count) on this endpoint. For them a
  // HEAD without a count means no tags, and GetObjectTagging is skipped; until then it is always read. RGW sends the
  // count on HEAD; AWS sends it to identities allowed to read tags, and keeps tags on a single CopyObject itself.
  const reportsTagCounts = new WeakSet<S3Client>();

  /** Everything the copy must restate, with the tags read only where they may exist. */
  const readBeforeCopy = async (
    client: S3Client,
    ref: ObjectRef,
    ifMatch: string | null,
  ): Promise<SnapshotOutcome> => {
    const head = await readHead(client, ref, ifMatch);
    if (head.kind !== "ok") return head;
    if (head.tagCount !== null) reportsTagCounts.add(client);
    const untagged =
      head.tagCount === 0 ||
      (head.tagCount === null && reportsTagCounts.has(client) && head.snapshot.size <= copyLimitBytes);
    if (untagged) return { kind: "ok", snapshot: { ...head.snapshot, tags: {} } };
    const tags = await readTags(client, ref);
    return tags.kind === "ok" ? { kind: "ok", snapshot: { ...head.snapshot, tags: tags.tags } } : tags;
  };

  /** One copy in place (reput as the owner's fixer, or take-ownership as the bucket owner). */
  const copyStep = async (item: FixItemRecord, strategy: string, ref: ObjectRef): Promise<StepResult> => {
    const actorTarget =
      strategy === "take-ownership"
        ? targets.owner
        : item.ownerBefore
          ? targets.fixers[item.ownerBefore]
          : undefined;
    if (!actorTarget) {
      return {
        state: "failed",
        reason:
          strategy === "take-ownership"
            ? "no write profile for the bucket owner"
            : "no fixer for the owning account",
        after: null,
      };
    }
    const client = clientOf(actorTarget);
    // The snapshot is saved already: a copy interrupted by a crash, or one that follows the previous step's copy.
    const resumedMidCopy = item.state === "copying" && item.snapshot !== null && item.step === strategy;
    let snapshot: ObjectSnapshot;
    if (resumedMidCopy) {
      snapshot = item.snapshot!;
    } else {
      const read = await call(() => readBeforeCopy(client, ref, item.plannedEtag));
      if (read.kind === "changed")
        return {
          state: "changed-since-scan",
          reason: "the object changed since it was planned (ETag differs)",
          after: null,
        };
      if (read.kind === "missing")
        return { state: "failed", reason: "the object no longer exists", after: null };
      if (read.kind === "denied")
        return {
          state: "failed",
          reason: `${read.what} was denied to the ${strategy === "take-ownership" ? "bucket owner" : "fixer"}`,
          after: null,
        };
      if (read.kind === "failed") return { state: "failed", reason: read.reason, after: null };
      snapshot = read.snapshot;
      if (["GLACIER", "DEEP_ARCHIVE"].includes(snapshot.storageClass)) {
        return {
          state: "failed",
          reason: `stored in ${snapshot.storageClass}: restore it before copying`,
          after: null,
        };
      }
      // Saved before the copy: the copy may drop the tags, and a crash must not lose what they were.
      updateFixItem(db, jobId, item, { state: "copying", step: strategy, snapshot });
    }

    const copied = await call(() =>
      copyInPlace(client, ref, snapshot, {
        acl: strategy === "reput" ? "bucket-owner-full-control" : null,
        copyLimitBytes,
        partBytes,
      }),
    );
    if (copied.kind === "changed") {
      // After a crash the copy may already be done (a multipart source gets a new ETag): if the object is our
      // restatement in its end state, finish it; anything else is a newer object, which we never overwrite.
      const current = resumedMidCopy ? await call(() => readHead(client, ref, null)) : null;
      const ours =
        current?.kind === "ok" &&
        lostInCopy({ ...snapshot, tags: {} }, { ...current.snapshot, tags: {} }).length === 0 &&
        expectEnd(strategy, item, await readBack(ref)) === null;
      if (!ours)
        return {
          state: "changed-since-scan",
          reason: "the object changed since it was planned (the copy's ETag guard refused)",
          after: null,
        };
    } else if (copied.kind === "denied") {
      return {
        state: "failed",
        reason: `the copy was denied to the ${strategy === "take-ownership" ? "bucket owner" : "fixer"}`,
        after: null,
      };
    } else if (copied.kind === "failed") {
      return { state: "failed", reason: copied.reason, after: null };
    }

    if (Object.keys(snapshot.tags).length > 0) await call(() => putTags(client, ref, snapshot.tags));
    if (options.verifyContent) {
      // Two more requests per object: every kept attribute read back and compared with the snapshot.
      const after = await call(() => readSnapshot(client, ref, null));
      if (after.kind !== "ok")
        return { state: "failed", reason: "could not read the object back after the copy", after: null };
      const lost = lostInCopy(snapshot, after.snapshot);
      if (lost.length > 0)
        return { state: "failed", reason: `after the copy these differ: ${lost.join(", ")}`, after: null };
    }
    const end = await readBack(ref);
    const problem = expectEnd(strategy, item, end);
    const kms = snapshot.encryption?.kmsKeyId;
    const kmsAccount = kmsKeyAccount(kms ?? null);
    return {
      state: problem ? "failed" : "fixed",
      reason:
        problem ??
        (kms
          ? `encryption restated with KMS key ${kms}${kmsAccount ? ` (key of account ${kmsAccount}: check the bucket owner may use it)` : ""}`
          : null),
      after: end,
      ...(copied.kind === "copied" && copied.etag ? { restated: { ...snapshot, etag: copied.etag } } : {}),
    };
  };

  const grantStep = async (item: FixItemRecord, ref: ObjectRef): Promise<StepResult> => {
    const fixer = item.ownerBefore ? targets.fixers[item.ownerBefore] : undefined;
    if (!fixer) return { state: "failed", reason: "no fixer for the owning account", after: null };
    const put = await call(() => grantBucketOwnerFullControl(clientOf(fixer), ref));
    if (put.kind === "denied")
      return { state: "failed", reason: "PutObjectAcl was denied to the fixer", after: null };
    if (put.kind === "missing")
      return { state: "failed", reason: "the object no longer exists", after: null };
    if (put.kind === "failed") return { state: "failed", reason: put.reason, after: null };
    const end = await readBack(ref);
    const problem = expectEnd("grant", item, end);
    return { state: problem ? "failed" : "fixed", reason: problem, after: end };
  };

  // The audit entry, the finding and the item's end state are written together: one commit per object.
  const finishItem = db.transaction((item: FixItemRecord, result: StepResult, audit: AuditEntry | null) => {
    if (audit) appendAudit(db, audit);
    if (result.state === "fixed" && result.after && job.scanId !== null) {
      applyFixToFinding(db, job.scanId, item.key, item.versionId, result.after);
    }
    updateFixItem(db, jobId, item, {
      state: result.state,
      reason: result.reason,
      ownerAfter: result.after?.ownerId ?? null,
      accessAfter: result.after?.bucketOwnerAccess ?? null,
      attempt: true,
    });
  });

  const fixOne = async (item: FixItemRecord) => {
    const ref: ObjectRef = { bucket: job.bucket, key: item.key, versionId: item.versionId || null, signal };
    const steps = [item.strategy!, ...(item.thenStrategy ? [item.thenStrategy] : [])];
    // Resume at the step the item had reached.
    let index = Math.max(0, steps.indexOf(item.step ?? item.strategy!));
    let current = item;
    let result: StepResult = { state: "failed", reason: "nothing to do", after: null };
    let lastAudit: AuditEntry | null = null;
    // Each step's audit entry starts from what the step before it left (the whole chain is readable as one story);
    // a job resumed at a later step finds that in the earlier step's entry.
    let before: { ownerId: string | null; access: string | null } = {
      ownerId: item.ownerBefore,
      access: item.accessBefore,
    };
    if (index > 0) {
      const previous = listAudit(db, { jobId, key: item.key, limit: 20 }).find(
        (e) => (e.versionId ?? "") === item.versionId && e.result === "fixed",
      );
      if (previous) before = { ownerId: previous.ownerAfter, access: previous.accessAfter };
    }
    for (; index < steps.length; index++) {
      const step = steps[index]!;
      try {
        result = step === "grant" ? await grantStep(current, ref) : await copyStep(current, step, ref);
      } catch (error) {
        if (signal.aborted) return;
        result = {
          state: "failed",
          reason: `${describeFailure(error)} after ${retry.attempts} attempts`,
          after: null,
        };
      }
      const entry = {
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
      };
      if (result.state !== "fixed" || index === steps.length - 1) {
        lastAudit = entry;
        break;
      }
      appendAudit(db, entry);
      before = { ownerId: entry.ownerAfter, access: entry.accessAfter };
      // A copy that follows a copy starts from what the first one wrote (no second HEAD and tag read), guarded by
      // the ETag that copy returned; after anything else, the next step reads the object afresh.
      const next = steps[index + 1]!;
      const carried = next !== "grant" ? (result.restated ?? null) : null;
      const patch = carried
        ? { state: "copying" as const, step: next, snapshot: carried, plannedEtag: carried.etag }
        : { state: "pending" as const, step: next, snapshot: null, plannedEtag: null };
      updateFixItem(db, jobId, item, patch);
      current = { ...current, ...patch };
    }
    finishItem(item, result, lastAudit);
  };

  const queue = new WorkQueue<FixItemRecord>(job.concurrency * 4);
  signal.addEventListener("abort", () => queue.clear(), { once: true });
  const workers = Array.from({ length: job.concurrency }, async () => {
    for (let item = await queue.take(); item; item = await queue.take()) {
      if (stopping || signal.aborted) break;
      await fixOne(item);
    }
  });
  let after: { key: string; versionId: string } | null = null;
  produce: for (;;) {
    const chunk = openFixItems(db, jobId, after, 500);
    if (chunk.length === 0) break;
    for (const item of chunk) {
      if (stopping || signal.aborted) break produce;
      await queue.push(item);
    }
    const last = chunk[chunk.length - 1]!;
    after = { key: last.key, versionId: last.versionId };
  }
  queue.close();
  if (stopping) queue.clear();
  await Promise.all(workers);
  clearInterval(timer);
  poll();
  options.signal?.removeEventListener("abort", fromCaller);

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
      open > 0 ? `${open} objects were not processed` : null,
    );
  const final = getFixJob(db, jobId)!;
  options.onProgress?.(final);
  return final;
}
