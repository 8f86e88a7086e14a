import "server-only";
import type { Grant } from "@/lib/audit/types";
import { appendAudit, listAudit } from "@/lib/db/audit-log";
import { updateFixItem, type FixItemRecord } from "@/lib/db/fix-items";
import type { PlanContext } from "@/lib/fix/plan";
import {
  copyStep,
  failed,
  grantStep,
  observeAndReplan,
  type StepContext,
  type StepResult,
} from "@/lib/jobs/fix-steps";
import type { AuditEntry } from "@/lib/schemas/fix";

// One object of a fix job: observed again when a retry asks, then through its steps (a grant, a copy, or a copy
// after a copy), each guarded by what the step before it left, with one audit entry per step.

/** What every object of a run shares (lib/jobs/fix-runner.ts builds it). */
export type ItemRun = {
  ctx: StepContext;
  replanContext: PlanContext;
  /** Records an object's end: its audit entry, its finding's change and its state, in one commit. */
  finish: (item: FixItemRecord, result: StepResult, audit: AuditEntry | null) => void;
  /** A step that threw, as the object's failure. */
  fail: (error: unknown) => StepResult;
};

/** Where a step starts: the owner, access and grants the step before it left (or the plan saw). */
type Before = { ownerId: string | null; access: string | null; grants: Grant[] | null };

/** Fixes one object; returns without recording anything when the run was interrupted meanwhile. */
export async function fixItem(run: ItemRun, planned: FixItemRecord): Promise<void> {
  let item = planned;
  if (item.observe) {
    const observed = await observeFirst(run, item);
    if (observed === null) return;
    if (!("key" in observed)) {
      const before = { ownerId: item.ownerBefore, access: item.accessBefore, grants: null };
      return run.finish(item, observed, auditOf(run.ctx, item, "observe", before, observed));
    }
    item = observed;
  }
  const ended = await runSteps(run, item);
  if (ended) run.finish(item, ended.result, ended.audit);
}

/** A retried object read again and planned again; its failure as a result; null when interrupted. */
async function observeFirst(run: ItemRun, item: FixItemRecord): Promise<FixItemRecord | StepResult | null> {
  try {
    return await observeAndReplan(run.ctx, item, run.replanContext);
  } catch (error) {
    return run.ctx.signal.aborted ? null : run.fail(error);
  }
}

/**
 * The object's steps from the one it had reached. Each step's audit entry starts from what the step before it left
 * (the whole chain is readable as one story), and each step is guarded by it.
 */
async function runSteps(run: ItemRun, item: FixItemRecord) {
  const { ctx } = run;
  const steps = [item.strategy!, ...(item.thenStrategy ? [item.thenStrategy] : [])];
  // Resume at the step the item had reached.
  let index = Math.max(0, steps.indexOf(item.step ?? item.strategy!));
  let current = item;
  let before = index > 0 ? resumedBefore(ctx, item) : plannedBefore(item);
  for (; index < steps.length; index++) {
    const step = steps[index]!;
    let result: StepResult;
    try {
      const expected = { ownerId: before.ownerId, grants: before.grants };
      result =
        step === "grant"
          ? await grantStep(ctx, current, expected)
          : await copyStep(ctx, current, step, expected);
    } catch (error) {
      if (ctx.signal.aborted) return null;
      result = run.fail(error);
    }
    const entry = auditOf(ctx, item, step, before, result);
    // A step that left the object the bucket owner's already (a re-put in a BucketOwnerPreferred bucket) ends it.
    const done = result.state !== "fixed" || result.after?.ownerId === ctx.targets.bucketOwnerId;
    if (done || index === steps.length - 1) return { result, audit: entry };
    appendAudit(ctx.db, entry);
    before = { ownerId: entry.ownerAfter, access: entry.accessAfter, grants: entry.grantsAfter ?? null };
    current = { ...current, ...nextStepPatch(ctx, item, steps[index + 1]!, result) };
  }
  return { result: failed("nothing to do"), audit: null };
}

const plannedBefore = (item: FixItemRecord): Before => ({
  ownerId: item.ownerBefore,
  access: item.accessBefore,
  grants: item.plannedGrants,
});

/** A job resumed at a later step finds where that step starts in the earlier step's audit entry. */
function resumedBefore(ctx: StepContext, item: FixItemRecord): Before {
  const previous = listAudit(ctx.db, { jobId: ctx.job.id, key: item.key, limit: 20 }).find(
    (e) => (e.versionId ?? "") === item.versionId && e.result === "fixed",
  );
  return previous
    ? { ownerId: previous.ownerAfter, access: previous.accessAfter, grants: previous.grantsAfter ?? null }
    : plannedBefore(item);
}

/**
 * Stores that the object moves on to its next step. A copy that follows a copy starts from what the first one
 * wrote (no second HEAD and tag read), guarded by the ETag that copy returned and by the owner and grants it left.
 */
function nextStepPatch(ctx: StepContext, item: FixItemRecord, next: string, result: StepResult) {
  const carried = next !== "grant" ? (result.restated ?? null) : null;
  const patch = carried
    ? {
        state: "copying" as const,
        step: next,
        snapshot: { ...carried, carried: true },
        plannedEtag: carried.etag,
      }
    : { state: "pending" as const, step: next, snapshot: null };
  updateFixItem(ctx.db, ctx.job.id, item, patch);
  return patch;
}

const auditOf = (
  ctx: StepContext,
  item: FixItemRecord,
  step: string,
  before: Before,
  result: StepResult,
): AuditEntry => ({
  actor: ctx.job.actor,
  jobId: ctx.job.id,
  connectionId: ctx.job.connectionId,
  bucket: ctx.job.bucket,
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
