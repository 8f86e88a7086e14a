import "server-only";
import { targetOfFlags } from "@/lib/api/targets";
import { analyzePosture, type BucketPosture } from "@/lib/audit/posture";
import { credentialsFor, s3For } from "@/lib/aws/clients";
import { toAppError } from "@/lib/aws/errors";
import { readPostureFacts } from "@/lib/aws/scan-io";
import type { AwsTarget } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { iterateFixItems } from "@/lib/db/fix-items";
import { getFixJob } from "@/lib/db/fix-jobs";
import { AppError } from "@/lib/errors";
import type { FixSubject } from "@/lib/fix/strategy";
import { enforceBucket } from "@/lib/jobs/enforce";
import { runFixJob } from "@/lib/jobs/fix-runner";
import { createPlannedJob, planFix, subjectOf, type PlannedJob } from "@/lib/jobs/fixes";
import { inspectKeys } from "@/lib/jobs/inspect";
import { runnerGone } from "@/lib/jobs/scans";

// Fixing from a terminal (`ownerscope fix`): the identities named by flags, the job run in this process and resumable
// from it. The browser's fixes run on the server (lib/api/fixes.ts); both plan and write with the same code.

/**
 * A writer's identity from a profile, at the read identity's endpoint unless the profile names its own. A profile that
 * yields no credentials is refused now (not once per object).
 */
export async function writerTarget(read: AwsTarget, profile: string): Promise<AwsTarget> {
  const t = await targetOfFlags({
    ...read,
    profile,
    roleArn: null,
    externalId: null,
    sessionName: null,
    endpointUrl: null,
    stsEndpointUrl: null,
  });
  const target = {
    ...t,
    endpointUrl: t.endpointUrl ?? read.endpointUrl,
    stsEndpointUrl: t.stsEndpointUrl ?? read.stsEndpointUrl,
    forcePathStyle: t.forcePathStyle || read.forcePathStyle,
  };
  try {
    await credentialsFor(target)();
  } catch (error) {
    throw new AppError(
      "invalid_input",
      `no usable credentials for profile ${profile}: ${(error as Error).message}`,
    );
  }
  return target;
}

/** The bucket's settings read now; an AppError saying why when the bucket cannot be read with this identity. */
export async function postureNow(read: AwsTarget, bucket: string): Promise<BucketPosture> {
  try {
    return analyzePosture(await readPostureFacts(s3For(read), bucket));
  } catch (error) {
    throw toAppError(error, `read bucket ${bucket}`);
  }
}

/** The named keys as they are now, and the ones that do not exist. */
export const keysNow = inspectKeys;

/** A scan's keys under a prefix that were not the bucket owner's, as last known (a fix since the scan counts). */
export function* foreignSubjects(
  db: Db,
  scanId: number,
  prefix: string,
  bucketOwnerId: string,
): Generator<FixSubject> {
  for (const f of iterateFindings(db, scanId)) {
    const subject = subjectOf(f);
    if (f.key.startsWith(prefix) && subject.ownerId !== bucketOwnerId) yield subject;
  }
}

/** What a fix would do, without writing anything. */
export const planHere = planFix;

/** Stores the plan as a fix job (each object's expected state with it), to run here. */
export const createJobHere = (db: Db, job: PlannedJob) => createPlannedJob(db, job);

/** Runs a fix job in this process until it ends or the signal stops it; then every object's line. */
export async function runJobHere(db: Db, jobId: number, o: { signal: AbortSignal; verifyContent: boolean }) {
  const job = await runFixJob(db, jobId, o);
  return { job, items: [...iterateFixItems(db, jobId)] };
}

/** A job of this bucket that may be resumed here: it exists and no live process runs it. */
export function resumableJob(db: Db, jobId: number, bucket: string) {
  const job = getFixJob(db, jobId);
  if (!job || job.bucket !== bucket) return { missing: true as const };
  if (job.status === "running" && !runnerGone(job.runnerPid, job.heartbeatAt))
    return { runningIn: job.runnerPid };
  return { job };
}

/** Sets Object Ownership to BucketOwnerEnforced, checked before and read back after (lib/jobs/enforce.ts). */
export const enforceHere = enforceBucket;
