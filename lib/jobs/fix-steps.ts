import "server-only";
import { classify } from "@/lib/audit/classify";
import type { Classification, Grant } from "@/lib/audit/types";
import {
  listedOwner,
  observeAs,
  readHead,
  readSnapshot,
  readTags,
  type ObjectRef,
  type ReadFailure,
} from "@/lib/aws/fix-reads";
import { copyInPlace, grantBucketOwnerFullControl, putTags } from "@/lib/aws/fix-writes";
import { probeObject, readObjectAcl } from "@/lib/aws/scan-io";
import type { FixTargets } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { updateFixItem, type FixItemRecord } from "@/lib/db/fix-items";
import type { FixJobRecord } from "@/lib/db/fix-jobs";
import {
  endStateProblem,
  endStateReached,
  judge,
  stillPlannedVersion,
  type Expected,
  type Seen,
} from "@/lib/fix/checks";
import { planObject, type PlanContext } from "@/lib/fix/plan";
import { archivedClasses, kmsKeyAccount, lostInCopy, type ObjectSnapshot } from "@/lib/fix/snapshot";
import type { Strategy } from "@/lib/fix/strategy";
import type { FixItemState } from "@/lib/schemas/fix";
import type { S3Client } from "@aws-sdk/client-s3";

// The steps of a fix job, one object at a time: a copy in place (reput, take-ownership), a grant, and the fresh
// look a retried object gets. Each takes the job's step context; lib/jobs/fix-runner.ts chains them.

export type StepResult = {
  state: FixItemState;
  reason: string | null;
  after: Classification | null;
  /** Every grant the writer saw right before it wrote. */
  grantsBefore?: Grant[] | null;
  /** After a copy: what the object now is (the snapshot with the copy's ETag), for a copy step that follows. */
  restated?: ObjectSnapshot;
};

/** What every step of one job acts with. */
export type StepContext = {
  db: Db;
  job: FixJobRecord;
  targets: FixTargets;
  signal: AbortSignal;
  /** A request under the job's limiter and retry policy. */
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  clientOf: (target: FixTargets["read"]) => S3Client;
  readClient: S3Client;
  copyLimitBytes: number;
  partBytes: number;
  verifyContent: boolean;
  /**
   * Identities seen to report tag counts (a HeadObject with x-amz-tagging-count) on this endpoint. For them a HEAD
   * without a count means no tags, and GetObjectTagging is skipped; until then it is always read. RGW sends the
   * count on HEAD; AWS sends it to identities allowed to read tags, and keeps tags on a single CopyObject itself.
   */
  reportsTagCounts: WeakSet<S3Client>;
};

export const failed = (reason: string): StepResult => ({ state: "failed", reason, after: null });
/** An object deleted since the plan moved on: its state is known, and there is nothing left to fix. */
const gone: StepResult = {
  state: "changed-since-scan",
  reason: "deleted since it was planned: the key no longer exists",
  after: null,
};

export const readFailure = (read: ReadFailure, who: string): StepResult =>
  read.kind === "changed"
    ? {
        state: "changed-since-scan",
        reason: "the object changed since it was planned (ETag differs)",
        after: null,
      }
    : read.kind === "missing"
      ? gone
      : read.kind === "denied"
        ? failed(`${read.what} was denied to the ${who}`)
        : failed(read.reason);

/** Owner and bucket-owner access as the read role sees them now. */
async function readBack(ctx: StepContext, ref: ObjectRef): Promise<Classification> {
  const acl = await ctx.call(() => readObjectAcl(ctx.readClient, { ...ref, versionId: ref.versionId ?? "" }));
  const head =
    acl.kind === "denied"
      ? await ctx.call(() => probeObject(ctx.readClient, { ...ref, versionId: ref.versionId ?? "" }))
      : { kind: "not-checked" as const };
  return classify({ bucketOwnerId: ctx.targets.bucketOwnerId, listedOwnerId: null, acl, head });
}

/** Everything the copy must restate, with the tags read only where they may exist, and the version HEAD saw. */
async function readBeforeCopy(ctx: StepContext, client: S3Client, ref: ObjectRef, ifMatch: string | null) {
  const head = await readHead(client, ref, ifMatch);
  if (head.kind !== "ok") return head;
  if (head.tagCount !== null) ctx.reportsTagCounts.add(client);
  const untagged =
    head.tagCount === 0 ||
    (head.tagCount === null && ctx.reportsTagCounts.has(client) && head.snapshot.size <= ctx.copyLimitBytes);
  const tags = untagged ? ({ kind: "ok", tags: {} } as const) : await readTags(client, ref);
  if (tags.kind !== "ok") return tags;
  return {
    kind: "ok" as const,
    snapshot: { ...head.snapshot, tags: tags.tags },
    versionId: head.versionId,
  };
}

/**
 * The writer's own look at the object right before it writes. A writer is often granted only what writing needs
 * (no listing; its own objects' ACLs): refused a look at an object it is meant to own, that refusal is itself the
 * sign the object moved on, and the read identity, which may list, says what it is now (with its ETag, so that an
 * object the bucket owner wrote anew is told from one it took over). A writer refused on an object that is still
 * as planned is refused for good: that failure stands.
 */
async function observeForWrite(ctx: StepContext, client: S3Client, ref: ObjectRef): Promise<Seen> {
  const seen = await ctx.call(() => observeAs(client, ref));
  if (seen.kind !== "denied" || client === ctx.readClient) return seen;
  const [byReader, listed] = await Promise.all([
    ctx.call(() => observeAs(ctx.readClient, ref)),
    ref.versionId ? null : ctx.call(() => listedOwner(ctx.readClient, ref)),
  ]);
  if (byReader.kind === "missing") return byReader;
  if (byReader.kind !== "ok") return seen;
  return { ...byReader, etag: listed?.kind === "ok" ? listed.etag : null };
}

/** The writer's own look at the object right before it writes, judged against what the step was planned on. */
async function recheck(ctx: StepContext, client: S3Client, ref: ObjectRef, expected: Expected, who: string) {
  const seen = await observeForWrite(ctx, client, ref);
  if (seen.kind !== "ok") return { kind: "stop" as const, result: readFailure(seen, who), grants: null };
  const verdict = judge(seen, expected, ctx.targets.bucketOwnerId, ctx.job.keepPublicGrants);
  return verdict.kind === "go"
    ? verdict
    : { ...verdict, result: { state: verdict.state, reason: verdict.reason, after: null } };
}

/**
 * Whether the key's current object is the restatement of `snapshot` (a copy sent before the job stopped): the same
 * ETag for a single copy (the same bytes), and every restated attribute the same.
 */
async function isOurCopy(ctx: StepContext, client: S3Client, ref: ObjectRef, snapshot: ObjectSnapshot) {
  const current = await ctx.call(() => readHead(client, ref, null));
  const unquoted = (etag: string) => etag.replace(/"/g, "");
  return (
    current.kind === "ok" &&
    (snapshot.size > ctx.copyLimitBytes || unquoted(current.snapshot.etag) === unquoted(snapshot.etag)) &&
    lostInCopy({ ...snapshot, tags: {} }, { ...current.snapshot, tags: {} }).length === 0
  );
}

/**
 * One copy in place (reput as the owner's fixer, or take-ownership as the bucket owner) of the key's current
 * object. Before it: the owner and grants re-checked as the writer, HEAD guarded by the planned ETag and version.
 * The copy is guarded by the ETag again; its source is the current object, never an older version.
 */
export async function copyStep(
  ctx: StepContext,
  item: FixItemRecord,
  strategy: string,
  expected: Expected,
): Promise<StepResult> {
  const who = strategy === "take-ownership" ? "bucket owner" : "fixer";
  const actorTarget = copyActorOf(ctx, item, strategy);
  if (!actorTarget)
    return failed(
      strategy === "take-ownership"
        ? "no write profile for the bucket owner"
        : "no fixer for the owning account",
    );
  const client = ctx.clientOf(actorTarget);
  const ref: ObjectRef = { bucket: ctx.job.bucket, key: item.key, versionId: null, signal: ctx.signal };
  // A saved snapshot: carried from the step before (its copy not sent yet), or saved right before this step's
  // copy, which the job may have sent before it stopped.
  const saved = item.state === "copying" && item.step === strategy ? item.snapshot : null;
  const maybeSent = saved !== null && !saved.carried;
  // Both reads go out together: the owner and grants as the writer sees them, and the HEAD guarded by the ETag
  // (on S3, where latency bounds a job, the re-check then costs no time).
  const [seen, read] = await Promise.all([
    observeForWrite(ctx, client, ref),
    saved ? null : ctx.call(() => readBeforeCopy(ctx, client, ref, item.plannedEtag)),
  ]);
  if (seen.kind !== "ok") return readFailure(seen, who);
  const copyDone =
    maybeSent &&
    endStateReached(seen, strategy, item.ownerBefore, ctx.targets.bucketOwnerId) &&
    (await isOurCopy(ctx, client, ref, saved));
  let kept: Grant[] = saved?.keptGrants ?? [];
  if (!copyDone) {
    const verdict = judge(
      seen,
      { ...expected, etag: item.plannedEtag },
      ctx.targets.bucketOwnerId,
      ctx.job.keepPublicGrants,
    );
    if (verdict.kind === "stop")
      return { state: verdict.state, reason: verdict.reason, after: null, grantsBefore: seen.grants };
    if (!saved) kept = verdict.plan.kept;
  }
  let snapshot: ObjectSnapshot;
  if (read === null) {
    snapshot = saved!;
    // From here on the copy may be sent: a job that stops now must not take the snapshot for a carried one.
    if (saved!.carried)
      updateFixItem(ctx.db, ctx.job.id, item, { snapshot: (snapshot = { ...saved!, carried: false }) });
  } else {
    if (read.kind !== "ok") return readFailure(read, who);
    if (!stillPlannedVersion(item.plannedVersion, read.versionId))
      return {
        state: "changed-since-scan",
        reason: "a newer version is current since it was planned",
        after: null,
      };
    if (archivedClasses.has(read.snapshot.storageClass))
      return failed(`stored in ${read.snapshot.storageClass}: restore it before copying`);
    snapshot = { ...read.snapshot, keptGrants: kept };
    // Saved before the copy: the copy may drop the tags, and a crash must not lose what they were.
    updateFixItem(ctx.db, ctx.job.id, item, { state: "copying", step: strategy, snapshot });
  }
  let made: ObjectRef = ref;
  if (!copyDone) {
    const copied = await sendCopy(ctx, client, item, strategy, { ref, snapshot, kept, who });
    if ("state" in copied) return copied;
    made = copied.made;
    snapshot = copied.snapshot;
  }
  return finishCopy(ctx, client, item, strategy, { made, snapshot, kept, who, grantsBefore: seen.grants });
}

/** Who copies: the bucket owner's writer to take ownership, else the owning account's fixer. */
function copyActorOf(ctx: StepContext, item: FixItemRecord, strategy: string) {
  if (strategy === "take-ownership") return ctx.targets.owner;
  return item.ownerBefore ? ctx.targets.fixers[item.ownerBefore] : undefined;
}

/**
 * The copy in place, guarded by the snapshot's ETag: the version it made and its ETag, or why it was not made (a
 * changed object is left alone and said so).
 */
async function sendCopy(
  ctx: StepContext,
  client: S3Client,
  item: FixItemRecord,
  strategy: string,
  o: { ref: ObjectRef; snapshot: ObjectSnapshot; kept: Grant[]; who: string },
): Promise<StepResult | { made: ObjectRef; snapshot: ObjectSnapshot }> {
  const { ref, snapshot, kept, who } = o;
  const copied = await ctx.call(() =>
    copyInPlace(client, ref, snapshot, {
      acl: {
        fullControl:
          strategy === "reput" ? [item.ownerBefore!, ctx.targets.bucketOwnerId] : [ctx.targets.bucketOwnerId],
        kept,
        canned: strategy === "reput" ? "bucket-owner-full-control" : null,
      },
      copyLimitBytes: ctx.copyLimitBytes,
      partBytes: ctx.partBytes,
    }),
  );
  if (copied.kind === "changed")
    return {
      state: "changed-since-scan",
      reason: "the object changed since it was planned (the copy's ETag guard refused)",
      after: null,
    };
  if (copied.kind === "denied") return failed(`the copy was denied to the ${who}`);
  if (copied.kind === "failed") return failed(copied.reason);
  // Tags and verification go to the version the copy made, where the endpoint names it.
  return {
    made: { ...ref, versionId: copied.versionId },
    snapshot: { ...snapshot, etag: copied.etag || snapshot.etag },
  };
}

/**
 * After the copy: the tags put back, every kept attribute compared when asked, and the end state read back through
 * the read role and judged (the encryption restated is named, with the KMS key's account).
 */
async function finishCopy(
  ctx: StepContext,
  client: S3Client,
  item: FixItemRecord,
  strategy: string,
  o: { made: ObjectRef; snapshot: ObjectSnapshot; kept: Grant[]; who: string; grantsBefore: Grant[] | null },
): Promise<StepResult> {
  const { made, snapshot, kept, who } = o;
  if (Object.keys(snapshot.tags).length > 0) await ctx.call(() => putTags(client, made, snapshot.tags));
  if (ctx.verifyContent) {
    // Two more requests per object: every kept attribute read back and compared with the snapshot.
    const after = await ctx.call(() => readSnapshot(client, made, null));
    if (after.kind !== "ok")
      return failed(`could not read the object back after the copy (${readFailure(after, who).reason})`);
    const lost = lostInCopy(snapshot, after.snapshot);
    if (lost.length > 0) return failed(`after the copy these differ: ${lost.join(", ")}`);
  }
  const end = await readBack(ctx, made);
  const problem = endStateProblem(strategy, item.ownerBefore, end, kept, ctx.targets.bucketOwnerId);
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
    grantsBefore: o.grantsBefore,
    restated: snapshot,
  };
}

/**
 * The owner's PutObjectAcl giving the bucket owner full control with every other grant restated, on the planned
 * version (or, on an unversioned bucket, the current object while its ETag is still the planned one).
 */
export async function grantStep(
  ctx: StepContext,
  item: FixItemRecord,
  expected: Expected,
): Promise<StepResult> {
  const fixer = item.ownerBefore ? ctx.targets.fixers[item.ownerBefore] : undefined;
  if (!fixer) return failed("no fixer for the owning account");
  const client = ctx.clientOf(fixer);
  const versionId = item.versionId && item.versionId !== "null" ? item.versionId : null;
  const ref: ObjectRef = { bucket: ctx.job.bucket, key: item.key, versionId, signal: ctx.signal };
  const checked = await recheck(ctx, client, ref, { ...expected, etag: item.plannedEtag }, "fixer");
  if (checked.kind === "stop") return checked.result;
  if (!versionId && item.plannedEtag) {
    const head = await ctx.call(() => readHead(client, ref, item.plannedEtag));
    if (head.kind !== "ok") return readFailure(head, "fixer");
  }
  const kept = checked.plan.kept;
  const put = await ctx.call(() =>
    grantBucketOwnerFullControl(client, ref, {
      ownerId: item.ownerBefore!,
      fullControl: [item.ownerBefore!, ctx.targets.bucketOwnerId],
      kept,
      canned: "bucket-owner-full-control",
    }),
  );
  if (put.kind === "denied") return failed("PutObjectAcl was denied to the fixer");
  if (put.kind === "missing") return gone;
  if (put.kind === "failed") return failed(put.reason);
  const end = await readBack(ctx, ref);
  const problem = endStateProblem("grant", item.ownerBefore, end, kept, ctx.targets.bucketOwnerId);
  return {
    state: problem ? "failed" : "fixed",
    reason: problem,
    after: end,
    grantsBefore: checked.grants,
  };
}

/**
 * A retry of an object that changed: read it afresh as the read role and plan it again, so the write that follows
 * is guarded by what is there now (its ETag, owner and grants), never by nothing.
 */
export async function observeAndReplan(
  ctx: StepContext,
  item: FixItemRecord,
  replanContext: PlanContext,
): Promise<FixItemRecord | StepResult> {
  const ref: ObjectRef = {
    bucket: ctx.job.bucket,
    key: item.key,
    versionId: item.isCurrent ? null : item.versionId,
    signal: ctx.signal,
  };
  const listed = item.isCurrent ? await ctx.call(() => listedOwner(ctx.readClient, ref)) : null;
  if (listed && listed.kind !== "ok") return readFailure(listed, "read role");
  const now = await readBack(ctx, ref);
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
    ctx.job.requestedStrategy as Exclude<Strategy, "enforce"> | null,
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
  updateFixItem(ctx.db, ctx.job.id, item, patch);
  return { ...item, ...patch };
}
