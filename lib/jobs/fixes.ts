import "server-only";
import type { FixTargets } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { addFixItems, type NewFixItem } from "@/lib/db/fix-items";
import {
  createFixJob,
  finishFixJob,
  heartbeatFixJob,
  fixJobsMarkedRunning,
  requestFixJob,
} from "@/lib/db/fix-jobs";
import { PlanTally, planObject, type PlanContext, type PlannedObject, type PlanTotals } from "@/lib/fix/plan";
import type { FixSubject, Strategy } from "@/lib/fix/strategy";
import { assertBucketFree, fixJobIsLive, fixJobsHere } from "@/lib/jobs/fix-lock";
import { runFixJob, type FixRunOptions } from "@/lib/jobs/fix-runner";
import type { FindingRecord } from "@/lib/schemas/scan";

/** What a plan starts from: the finding as last known (a change since the scan, else what the scan saw). */
export const subjectOf = (f: FindingRecord): FixSubject => ({
  key: f.key,
  versionId: f.versionId,
  isLatest: f.isLatest,
  deleteMarker: f.deleteMarker,
  ownerId: f.now ? f.now.ownerId : f.owner.id,
  status: f.now ? f.now.status : f.status,
  bucketOwnerAccess: f.now ? f.now.bucketOwnerAccess : f.bucketOwnerAccess,
  size: f.size,
  storageClass: f.storageClass,
  etag: f.etag,
  reason: f.now ? f.now.reason : f.reason,
  grants: f.now ? f.now.grants : f.grants,
});

export type PlanInput = {
  subjects: Iterable<FixSubject>;
  requested: Exclude<Strategy, "enforce"> | null;
  context: PlanContext;
};

/** Gives the event loop a turn every `every` calls: long work in a request then leaves other requests theirs. */
function turnTaker(every = 1_000): () => Promise<void> | null {
  let calls = 0;
  return () => (++calls % every === 0 ? new Promise<void>((resolve) => setImmediate(resolve)) : null);
}

type PlanResult = { objects: PlannedObject[]; totals: PlanTotals; truncated: boolean };

/** A dry run built one object at a time: totals over every object, the plans of the first `keep` kept. */
function planBuilder(input: PlanInput, keep: number) {
  const objects: PlannedObject[] = [];
  const tally = new PlanTally(undefined, input.context.accountName);
  return {
    add(s: FixSubject) {
      const planned = planObject(s, input.context, input.requested);
      tally.add(planned);
      if (objects.length < keep) objects.push(planned);
    },
    result(): PlanResult {
      const totals = tally.totals();
      return { objects, totals, truncated: totals.objects > objects.length };
    },
  };
}

/**
 * The dry run, without sending a request: totals over every object, counted as they stream past, and the plans of
 * the first `keep` objects. Memory stays the same for a plan of ten objects or ten million.
 */
export function planFix(input: PlanInput, keep = Number.POSITIVE_INFINITY): PlanResult {
  const plan = planBuilder(input, keep);
  for (const s of input.subjects) plan.add(s);
  return plan.result();
}

/** planFix for a request: the same, giving other requests a turn every thousand objects. */
export async function planFixInTurns(input: PlanInput, keep: number): Promise<PlanResult> {
  const plan = planBuilder(input, keep);
  const turn = turnTaker();
  for (const s of input.subjects) {
    plan.add(s);
    await turn();
  }
  return plan.result();
}

const itemOf = (s: FixSubject, p: PlannedObject): NewFixItem => ({
  key: s.key,
  versionId: s.versionId ?? "",
  // A finding from a scan without versions, or the latest version, is the key's current object.
  isCurrent: s.isLatest !== false,
  plannedVersion: s.isLatest !== false ? (s.versionId ?? "") : null,
  plannedGrants: s.grants,
  // Without the ETag the scan saw (an inventory report without the field), nothing would guard the write: the
  // runner reads the object first and guards with what it read.
  observe: s.etag === null && p.decision.kind === "fix",
  strategy: p.decision.kind === "fix" ? p.decision.strategy : null,
  thenStrategy: p.decision.kind === "fix" ? p.decision.then : null,
  plannedEtag: s.etag,
  ownerBefore: s.ownerId,
  accessBefore: s.bucketOwnerAccess,
  size: s.size,
  state: p.decision.kind === "fix" ? "pending" : p.decision.kind === "skip" ? "skipped" : "failed",
  reason: p.decision.kind === "fix" ? null : p.decision.reason,
});

export type PlannedJob = {
  connectionId: string | null;
  scanId: number | null;
  bucket: string;
  targets: FixTargets;
  concurrency: number;
  actor: string;
} & PlanInput;

/**
 * Creates a job's row, running, unless another job runs on the bucket: checked and created in one write transaction,
 * so that two processes cannot both find the bucket free.
 */
function createJobRow(db: Db, job: PlannedJob): number {
  const jobId = db
    .transaction(() => {
      assertBucketFree(db, job);
      return createFixJob(db, {
        connectionId: job.connectionId,
        scanId: job.scanId,
        bucket: job.bucket,
        targets: job.targets,
        requestedStrategy: job.requested,
        concurrency: job.concurrency,
        actor: job.actor,
        keepPublicGrants: job.context.keepPublicGrants ?? false,
      });
    })
    .immediate();
  fixJobsHere.add(jobId);
  return jobId;
}

/** The job's planned items, a thousand at a time (a plan over a whole scan never sits in memory). */
function* plannedBatches(job: PlannedJob): Generator<NewFixItem[]> {
  let batch: NewFixItem[] = [];
  for (const s of job.subjects) {
    batch.push(itemOf(s, planObject(s, job.context, job.requested)));
    if (batch.length >= 1_000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Stores a planned job and its items; answers its ID. */
export function createPlannedJob(db: Db, job: PlannedJob): number {
  const jobId = createJobRow(db, job);
  for (const batch of plannedBatches(job)) addFixItems(db, jobId, batch);
  return jobId;
}

/**
 * For a request: creates the job at once (so its ID answers, and a second job on the bucket is refused), then stores
 * its items in the background, a batch per turn of the event loop, and runs it.
 */
export function startPlannedJob(db: Db, job: PlannedJob): number {
  const jobId = createJobRow(db, job);
  void (async () => {
    try {
      for (const batch of plannedBatches(job)) {
        addFixItems(db, jobId, batch);
        // Alive to other processes (the CLI) while it plans, so the bucket stays held.
        heartbeatFixJob(db, jobId);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      console.error(`[ownerscope] fix job ${jobId}: planning its objects failed`, error);
      fixJobsHere.delete(jobId);
      finishFixJob(db, jobId, "failed", "planning its objects failed; see the server log");
      return;
    }
    runFixInBackground(db, jobId);
  })();
  return jobId;
}

const globalForFixes = globalThis as unknown as { ownerscopeRunningFixes?: Map<number, AbortController> };
const running = (globalForFixes.ownerscopeRunningFixes ??= new Map());

export function runFixInBackground(db: Db, jobId: number, options: Omit<FixRunOptions, "signal"> = {}): void {
  if (running.has(jobId)) return;
  const controller = new AbortController();
  running.set(jobId, controller);
  runFixJob(db, jobId, { ...options, signal: controller.signal })
    .catch((error: unknown) => console.error(`[ownerscope] fix job ${jobId} stopped`, error))
    .finally(() => running.delete(jobId));
}

export function pauseOrCancelFix(db: Db, jobId: number, what: "pause" | "cancel"): boolean {
  return requestFixJob(db, jobId, what);
}

/** On server start: continue fix jobs whose process died, without redoing finished objects. */
export function resumeInterruptedFixes(db: Db): number[] {
  const resumed: number[] = [];
  for (const job of fixJobsMarkedRunning(db)) {
    if (job.connectionId !== null && !fixJobIsLive(job)) {
      runFixInBackground(db, job.id);
      resumed.push(job.id);
    }
  }
  return resumed;
}
