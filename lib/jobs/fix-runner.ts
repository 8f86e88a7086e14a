import "server-only";
import { setMaxListeners } from "node:events";
import { classify } from "@/lib/audit/classify";
import type { Classification, Grant } from "@/lib/audit/types";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { describeFailure, isRetryable, isThrottle } from "@/lib/aws/errors";
import {
  copyInPlace,
  grantBucketOwnerFullControl,
  listedOwner,
  observeAs,
  putTags,
  readHead,
  readSnapshot,
  readTags,
  type ObjectRef,
  type ReadFailure,
} from "@/lib/aws/fix-io";
import { probeObject, readObjectAcl } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import { appendAudit, listAudit } from "@/lib/db/audit-log";
import { openFixItems, updateFixItem, type FixItemRecord } from "@/lib/db/fix-items";
import { claimFixJob, finishFixJob, getFixJob, heartbeatFixJob, type FixJobRecord } from "@/lib/db/fix-jobs";
import { applyFixToFinding } from "@/lib/db/scan-writes";
import { AppError } from "@/lib/errors";
import { endStateReached, judge, keptAsPlanned, type Expected } from "@/lib/fix/checks";
import { COPY_LIMIT_BYTES, PART_BYTES, planObject, type PlanContext } from "@/lib/fix/plan";
import { archivedClasses, kmsKeyAccount, lostInCopy, type ObjectSnapshot } from "@/lib/fix/snapshot";
import type { Strategy } from "@/lib/fix/strategy";
import { assertBucketFree, fixJobsHere } from "@/lib/jobs/fix-lock";
import { AdaptiveLimiter, withRetry, type RetryPolicy, type RetryStats } from "@/lib/jobs/limiter";
import { WorkQueue } from "@/lib/jobs/work-queue";
import type { FixItemState } from "@/lib/schemas/fix";
import type { AuditEntry } from "@/lib/schemas/fix";
import type { S3Client } from "@aws-sdk/client-s3";

/** The identities a fix job acts as (references only): the read role verifies, the others write. */
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
  /** Every grant the writer saw right before it wrote. */
  grantsBefore?: Grant[] | null;
  /** After a copy: what the object now is (the snapshot with the copy's ETag), for a copy step that follows. */
  restated?: ObjectSnapshot;
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

  // A retried object is planned again with the identities the job has now (reasons name accounts by their IDs).
  const replanContext: PlanContext = {
    bucketOwnerId: targets.bucketOwnerId,
    fixers: new Set(Object.keys(targets.fixers)),
    ownerCanWrite: targets.owner !== null,
    accountName: (id) => id,
    versioning: "unknown",
    keepPublicGrants: job.keepPublicGrants,
  };

  /** Owner and bucket-owner access as the read role sees them now. */
  const readBack = async (ref: ObjectRef): Promise<Classification> => {
    const acl = await call(() => readObjectAcl(readClient, { ...ref, versionId: ref.versionId ?? "" }));
    const head =
      acl.kind === "denied"
        ? await call(() => probeObject(readClient, { ...ref, versionId: ref.versionId ?? "" }))
        : { kind: "not-checked" as const };
    return classify({ bucketOwnerId: targets.bucketOwnerId, listedOwnerId: null, acl, head });
  };

  /** What a step's end state must be: the promised owner and access, and exactly the grants it restated. */
  const expectEnd = (strategy: string, ownerBefore: string | null, c: Classification, kept: Grant[]) => {
    if (strategy === "take-ownership" && c.ownerId !== targets.bucketOwnerId)
      return `verification: the owner is ${c.ownerId ?? "unknown"}, not the bucket owner`;
    if (c.bucketOwnerAccess !== "full-control" && c.status !== "owned")
      return `verification: the bucket owner's access is ${c.bucketOwnerAccess}, not full-control`;
    if (c.ownerId !== ownerBefore && c.ownerId !== targets.bucketOwnerId)
      return `verification: unexpected owner ${c.ownerId}`;
    if (!keptAsPlanned(c.grants, kept, [ownerBefore, c.ownerId, targets.bucketOwnerId]))
      return "verification: the grants beyond the owners are not the ones restated";
    return null;
  };

  // Identities seen to report tag counts (a HeadObject with x-amz-tagging-count) on this endpoint. For them a
  // HEAD without a count means no tags, and GetObjectTagging is skipped; until then it is always read. RGW sends the
  // count on HEAD; AWS sends it to identities allowed to read tags, and keeps tags on a single CopyObject itself.
  const reportsTagCounts = new WeakSet<S3Client>();

  /** Everything the copy must restate, with the tags read only where they may exist, and the version HEAD saw. */
  const readBeforeCopy = async (client: S3Client, ref: ObjectRef, ifMatch: string | null) => {
    const head = await readHead(client, ref, ifMatch);
    if (head.kind !== "ok") return head;
    if (head.tagCount !== null) reportsTagCounts.add(client);
    const untagged =
      head.tagCount === 0 ||
      (head.tagCount === null && reportsTagCounts.has(client) && head.snapshot.size <= copyLimitBytes);
    const tags = untagged ? ({ kind: "ok", tags: {} } as const) : await readTags(client, ref);
    if (tags.kind !== "ok") return tags;
    return {
      kind: "ok" as const,
      snapshot: { ...head.snapshot, tags: tags.tags },
      versionId: head.versionId,
    };
  };

  const failed = (reason: string): StepResult => ({ state: "failed", reason, after: null });
  const readFailure = (read: ReadFailure, who: string): StepResult =>
    read.kind === "changed"
      ? {
          state: "changed-since-scan",
          reason: "the object changed since it was planned (ETag differs)",
          after: null,
        }
      : read.kind === "missing"
        ? failed("the object no longer exists")
        : read.kind === "denied"
          ? failed(`${read.what} was denied to the ${who}`)
          : failed(read.reason);

  /** The writer's own look at the object right before it writes, judged against what the step was planned on. */
  const recheck = async (client: S3Client, ref: ObjectRef, expected: Expected, who: string) => {
    const seen = await call(() => observeAs(client, ref));
    if (seen.kind !== "ok") return { kind: "stop" as const, result: readFailure(seen, who), grants: null };
    const verdict = judge(seen, expected, targets.bucketOwnerId, job.keepPublicGrants);
    return verdict.kind === "go"
      ? verdict
      : { ...verdict, result: { state: verdict.state, reason: verdict.reason, after: null } };
  };

  /**
   * Whether the key's current object is the restatement of `snapshot` (a copy sent before the job stopped): the same
   * ETag for a single copy (the same bytes), and every restated attribute the same.
   */
  const isOurCopy = async (client: S3Client, ref: ObjectRef, snapshot: ObjectSnapshot) => {
    const current = await call(() => readHead(client, ref, null));
    const unquoted = (etag: string) => etag.replace(/"/g, "");
    return (
      current.kind === "ok" &&
      (snapshot.size > copyLimitBytes || unquoted(current.snapshot.etag) === unquoted(snapshot.etag)) &&
      lostInCopy({ ...snapshot, tags: {} }, { ...current.snapshot, tags: {} }).length === 0
    );
  };

  /** The key's current version still the one planned, where the plan knew it (a versioned bucket scanned so). */
  const stillPlannedVersion = (item: FixItemRecord, seen: string | null) =>
    !item.plannedVersion ||
    (item.plannedVersion === "null" ? (seen ?? "null") : seen) === item.plannedVersion;

  /**
   * One copy in place (reput as the owner's fixer, or take-ownership as the bucket owner) of the key's current
   * object. Before it: the owner and grants re-checked as the writer, HEAD guarded by the planned ETag and version.
   * The copy is guarded by the ETag again; its source is the current object, never an older version.
   */
  const copyStep = async (item: FixItemRecord, strategy: string, expected: Expected): Promise<StepResult> => {
    const who = strategy === "take-ownership" ? "bucket owner" : "fixer";
    const actorTarget =
      strategy === "take-ownership"
        ? targets.owner
        : item.ownerBefore
          ? targets.fixers[item.ownerBefore]
          : undefined;
    if (!actorTarget)
      return failed(
        strategy === "take-ownership"
          ? "no write profile for the bucket owner"
          : "no fixer for the owning account",
      );
    const client = clientOf(actorTarget);
    const ref: ObjectRef = { bucket: job.bucket, key: item.key, versionId: null, signal };
    // A saved snapshot: carried from the step before (its copy not sent yet), or saved right before this step's
    // copy, which the job may have sent before it stopped.
    const saved = item.state === "copying" && item.step === strategy ? item.snapshot : null;
    const maybeSent = saved !== null && !saved.carried;
    // Both reads go out together: the owner and grants as the writer sees them, and the HEAD guarded by the ETag
    // (on S3, where latency bounds a job, the re-check then costs no time).
    const [seen, read] = await Promise.all([
      call(() => observeAs(client, ref)),
      saved ? null : call(() => readBeforeCopy(client, ref, item.plannedEtag)),
    ]);
    if (seen.kind !== "ok") return readFailure(seen, who);
    const copyDone =
      maybeSent &&
      endStateReached(seen, strategy, item.ownerBefore, targets.bucketOwnerId) &&
      (await isOurCopy(client, ref, saved));
    let kept: Grant[] = saved?.keptGrants ?? [];
    if (!copyDone) {
      const verdict = judge(seen, expected, targets.bucketOwnerId, job.keepPublicGrants);
      if (verdict.kind === "stop")
        return { state: verdict.state, reason: verdict.reason, after: null, grantsBefore: seen.grants };
      if (!saved) kept = verdict.plan.kept;
    }
    let snapshot: ObjectSnapshot;
    if (read === null) {
      snapshot = saved!;
      // From here on the copy may be sent: a job that stops now must not take the snapshot for a carried one.
      if (saved!.carried)
        updateFixItem(db, jobId, item, { snapshot: (snapshot = { ...saved!, carried: false }) });
    } else {
      if (read.kind !== "ok") return readFailure(read, who);
      if (!stillPlannedVersion(item, read.versionId))
        return {
          state: "changed-since-scan",
          reason: "a newer version is current since it was planned",
          after: null,
        };
      if (archivedClasses.has(read.snapshot.storageClass))
        return failed(`stored in ${read.snapshot.storageClass}: restore it before copying`);
      snapshot = { ...read.snapshot, keptGrants: kept };
      // Saved before the copy: the copy may drop the tags, and a crash must not lose what they were.
      updateFixItem(db, jobId, item, { state: "copying", step: strategy, snapshot });
    }
    let made: ObjectRef = ref;
    if (!copyDone) {
      const copied = await call(() =>
        copyInPlace(client, ref, snapshot, {
          acl: {
            fullControl:
              strategy === "reput" ? [item.ownerBefore!, targets.bucketOwnerId] : [targets.bucketOwnerId],
            kept,
            canned: strategy === "reput" ? "bucket-owner-full-control" : null,
          },
          copyLimitBytes,
          partBytes,
        }),
      );
      if (copied.kind === "changed") {
        return {
          state: "changed-since-scan",
          reason: "the object changed since it was planned (the copy's ETag guard refused)",
          after: null,
        };
      } else if (copied.kind === "denied") {
        return failed(`the copy was denied to the ${who}`);
      } else if (copied.kind === "failed") {
        return failed(copied.reason);
      } else {
        // Tags and verification go to the version the copy made, where the endpoint names it.
        made = { ...ref, versionId: copied.versionId };
        snapshot = { ...snapshot, etag: copied.etag || snapshot.etag };
      }
    }

    if (Object.keys(snapshot.tags).length > 0) await call(() => putTags(client, made, snapshot.tags));
    if (options.verifyContent) {
      // Two more requests per object: every kept attribute read back and compared with the snapshot.
      const after = await call(() => readSnapshot(client, made, null));
      if (after.kind !== "ok") return failed("could not read the object back after the copy");
      const lost = lostInCopy(snapshot, after.snapshot);
      if (lost.length > 0) return failed(`after the copy these differ: ${lost.join(", ")}`);
    }
    const end = await readBack(made);
    const problem = expectEnd(strategy, item.ownerBefore, end, kept);
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
      grantsBefore: seen.grants,
      restated: snapshot,
    };
  };

  /**
   * The owner's PutObjectAcl giving the bucket owner full control with every other grant restated, on the planned
   * version (or, on an unversioned bucket, the current object while its ETag is still the planned one).
   */
  const grantStep = async (item: FixItemRecord, expected: Expected): Promise<StepResult> => {
    const fixer = item.ownerBefore ? targets.fixers[item.ownerBefore] : undefined;
    if (!fixer) return failed("no fixer for the owning account");
    const client = clientOf(fixer);
    const versionId = item.versionId && item.versionId !== "null" ? item.versionId : null;
    const ref: ObjectRef = { bucket: job.bucket, key: item.key, versionId, signal };
    const checked = await recheck(client, ref, expected, "fixer");
    if (checked.kind === "stop") return checked.result;
    if (!versionId && item.plannedEtag) {
      const head = await call(() => readHead(client, ref, item.plannedEtag));
      if (head.kind !== "ok") return readFailure(head, "fixer");
    }
    const kept = checked.plan.kept;
    const put = await call(() =>
      grantBucketOwnerFullControl(client, ref, {
        ownerId: item.ownerBefore!,
        fullControl: [item.ownerBefore!, targets.bucketOwnerId],
        kept,
        canned: "bucket-owner-full-control",
      }),
    );
    if (put.kind === "denied") return failed("PutObjectAcl was denied to the fixer");
    if (put.kind === "missing") return failed("the object no longer exists");
    if (put.kind === "failed") return failed(put.reason);
    const end = await readBack(ref);
    const problem = expectEnd("grant", item.ownerBefore, end, kept);
    return {
      state: problem ? "failed" : "fixed",
      reason: problem,
      after: end,
      grantsBefore: checked.grants,
    };
  };

  /**
   * A retry of an object that changed: read it afresh as the read role and plan it again, so the write that follows
   * is guarded by what is there now (its ETag, owner and grants), never by nothing.
   */
  const observeAndReplan = async (item: FixItemRecord): Promise<FixItemRecord | StepResult> => {
    const ref: ObjectRef = {
      bucket: job.bucket,
      key: item.key,
      versionId: item.isCurrent ? null : item.versionId,
      signal,
    };
    const listed = item.isCurrent ? await call(() => listedOwner(readClient, ref)) : null;
    if (listed && listed.kind !== "ok") return readFailure(listed, "read role");
    const now = await readBack(ref);
    const decision = planObject(
      {
        key: item.key,
        versionId: item.versionId || null,
        isLatest: item.isCurrent,
        deleteMarker: false,
        ownerId: now.ownerId ?? listed?.ownerId ?? null,
        status: now.status,
        bucketOwnerAccess: now.bucketOwnerAccess,
        size: listed?.size ?? item.size,
        storageClass: listed?.storageClass ?? null,
        etag: listed?.etag ?? item.plannedEtag,
        reason: now.reason,
        grants: now.grants,
      },
      replanContext,
      job.requestedStrategy as Exclude<Strategy, "enforce"> | null,
    ).decision;
    if (decision.kind !== "fix")
      return { state: decision.kind === "skip" ? "skipped" : "failed", reason: decision.reason, after: null };
    const patch = {
      strategy: decision.strategy,
      thenStrategy: decision.then,
      step: decision.strategy,
      plannedEtag: listed?.etag ?? item.plannedEtag,
      // The listing does not say which version is current: the ETag, owner and grants guard the write.
      plannedVersion: null,
      plannedGrants: now.grants,
      ownerBefore: now.ownerId,
      accessBefore: now.bucketOwnerAccess,
      observe: false,
    };
    updateFixItem(db, jobId, item, patch);
    return { ...item, ...patch };
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
        replanned = await observeAndReplan(item);
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
          step === "grant" ? await grantStep(current, expected) : await copyStep(current, step, expected);
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
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener("abort", fromCaller);
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
      open > 0 ? `${open} objects were not processed` : null,
    );
  const final = getFixJob(db, jobId)!;
  options.onProgress?.(final);
  return final;
}
