import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireConnection } from "@/lib/api/browse";
import { completionReportLines, describeBatchJob, submitBatchJobs } from "@/lib/aws/batch";
import type { AwsTarget } from "@/lib/aws/clients";
import { fixerTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import {
  claimBatchReport,
  getBatchJob,
  recordBatchJob,
  settleBatchReport,
  type BatchReportCounts,
} from "@/lib/db/batch-jobs";
import { listAccounts } from "@/lib/db/connections";
import { recordFindingChange } from "@/lib/db/finding-changes";
import { getFinding, listFindings, type FindingPosition } from "@/lib/db/findings";
import { type ScanRecord } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import {
  batchRole,
  clientRequestToken,
  createJobRequest,
  handoffScript,
  jobOf,
  manifestFile,
  manifestHasVersions,
  manifestLine,
  planJobs,
  type HandoffInput,
  type HandoffJob,
  type HandoffObject,
} from "@/lib/fix/batch-handoff";
import { parseResultLine } from "@/lib/fix/batch-report";
import type { HandoffQuery } from "@/lib/schemas/fix";

/** The account's objects in the scan, streamed: a re-put copies current versions only (a copy makes a new one). */
function* objectsOf(
  db: Db,
  scanId: number,
  owner: string,
  bucketOwnerId: string,
  reput: boolean,
): Generator<HandoffObject> {
  let after: FindingPosition | null = null;
  do {
    // The account's objects as last known: one a fix has made the bucket owner's since the scan is left out.
    const page = listFindings(db, scanId, { nowOwnerId: owner }, { after, limit: 2_000 }, bucketOwnerId);
    for (const f of page.findings) {
      if (f.deleteMarker || (reput && f.isLatest === false)) continue;
      yield { key: f.key, versionId: f.versionId, size: f.size, storageClass: f.storageClass };
    }
    after = page.last;
  } while (after);
}

function inputOf(db: Db, scan: ScanRecord, q: HandoffQuery) {
  if (scan.status !== "completed") throw new AppError("conflict", `Scan ${scan.id} is ${scan.status}.`);
  if (q.owner === scan.bucketOwnerId)
    throw new AppError("bad_request", "That account owns the bucket: nothing to hand off.");
  const input: HandoffInput = {
    bucket: scan.bucket,
    accountId: q.accountId,
    strategy: q.strategy,
    workBucket: q.workBucket,
    workPrefix: q.workPrefix ?? `ownerscope/${scan.bucket}/`,
    roleName: q.roleName,
    versions: scan.versions,
  };
  const objects = () => objectsOf(db, scan.id, q.owner, scan.bucketOwnerId!, q.strategy === "reput");
  return { input, objects };
}

/** The bundle for one foreign account: jobs, role, commands, and the keys Batch cannot copy (over 5 GB, archived). */
export function handoffBundle(db: Db, scan: ScanRecord, q: HandoffQuery) {
  const { input, objects } = inputOf(db, scan, q);
  const { jobs, overLimit, uncopyable, total } = planJobs(input, objects());
  if (total === 0 && overLimit.count === 0 && uncopyable.count === 0)
    throw new AppError("not_found", "This scan has no key of that account.");
  return {
    input,
    total,
    jobs,
    overLimit,
    // Archived (restore first) or a storage class S3 does not name: left for Ownerscope's own fix.
    uncopyable,
    role: batchRole(input),
    requests: jobs.map((j) =>
      createJobRequest(input, j, "MANIFEST_ETAG", clientRequestToken(j, "MANIFEST_ETAG")),
    ),
    script: handoffScript(input, jobs),
  };
}

/** One job's manifest, as CSV lines streamed from the database (the download of one manifest). */
export function* handoffManifest(
  db: Db,
  scan: ScanRecord,
  q: HandoffQuery,
  job: HandoffJob["name"],
): Generator<string> {
  const { input, objects } = inputOf(db, scan, q);
  for (const o of objects())
    if (jobOf(input, o) === job) yield `${manifestLine(input.bucket, o, manifestHasVersions(input))}\n`;
}

/** Every job's manifest lines in one pass over the account's findings: each line with the job it belongs to. */
export function* handoffManifestLines(
  db: Db,
  scan: ScanRecord,
  q: HandoffQuery,
): Generator<{ job: string; line: string }> {
  const { input, objects } = inputOf(db, scan, q);
  for (const o of objects()) {
    const job = jobOf(input, o);
    if (job !== null) yield { job, line: `${manifestLine(input.bucket, o, manifestHasVersions(input))}\n` };
  }
}

/**
 * A finished job's results, into the scan's findings: each key the job fixed takes the state its operation leaves
 * (a grant or an ObjectWriter re-put: still the owner's, with the bucket owner's FULL_CONTROL), marked as reported by
 * Batch Operations (not read back from S3). Failed tasks keep their finding. Returns the counts.
 */
export async function applyCompletionReport(
  db: Db,
  scan: ScanRecord,
  lines: AsyncIterable<string>,
  job: { jobId: string; owner: string },
): Promise<BatchReportCounts> {
  const { jobId } = job;
  let succeeded = 0;
  let failed = 0;
  let applied = 0;
  for await (const line of lines) {
    const result = parseResultLine(line);
    if (!result || result.bucket !== scan.bucket) continue;
    if (!result.succeeded) {
      failed++;
      continue;
    }
    succeeded++;
    const finding = getFinding(db, scan.id, result.key, scan.versions ? (result.versionId ?? "") : "");
    // The report lies in a bucket of the owning account: it speaks for that account's objects only.
    if (!finding || finding.owner.id !== job.owner) continue;
    recordFindingChange(
      db,
      scan.id,
      finding.key,
      finding.versionId ?? "",
      {
        ownerId: finding.owner.id,
        status: finding.owner.id === scan.bucketOwnerId ? "owned" : "foreign-full-control",
        bucketOwnerAccess: "full-control",
        publicGrant: finding.publicGrant,
        grants: null,
        reason: `reported by Batch Operations (job ${jobId}), not read back from S3`,
      },
      { batchJobId: jobId },
    );
    applied++;
  }
  return { succeeded, failed, applied };
}

/** An account's fixer, as configured on the scan's connection; without one nothing can be submitted. */
function fixerFor(db: Db, scan: ScanRecord, owner: string) {
  if (scan.connectionId === null)
    throw new AppError(
      "conflict",
      `Scan ${scan.id} has no connection to take a fixer from: hand the bundle over.`,
    );
  const connection = requireConnection(db, scan.connectionId);
  const account = listAccounts(db, connection.id).find((a) => a.canonicalId === owner);
  if (!account || (!account.fixerProfile && !account.fixerRoleArn))
    throw new AppError(
      "conflict",
      `No fixer is configured for account ${account?.name ?? owner}: add one under the connection's settings, or hand the bundle over.`,
    );
  return fixerTargetOf(connection, account)!;
}

/** Where a hand-off's completion reports go: recorded with each job when it is submitted. */
export const reportPrefixOf = (input: Pick<HandoffInput, "workPrefix">) => `${input.workPrefix}reports`;

/** Writes each job's manifest into `dir`, in one pass over the account's findings; answers each job's file. */
export function writeManifests(
  db: Db,
  scan: ScanRecord,
  q: HandoffQuery,
  jobs: HandoffJob[],
  dir: string,
): Map<string, string> {
  const files = new Map(jobs.map((job) => [job.name, path.join(dir, manifestFile(job))]));
  const fds = new Map([...files].map(([name, file]) => [name, fs.openSync(file, "w")]));
  try {
    for (const { job, line } of handoffManifestLines(db, scan, q)) fs.writeSync(fds.get(job)!, line);
  } finally {
    for (const fd of fds.values()) fs.closeSync(fd);
  }
  return files;
}

/**
 * Uploads the written manifests (streamed from their files) and creates the jobs as the owning account's fixer, and
 * records each job with where its completion report will be: the only place it is read from later.
 */
export async function submitJobs(
  db: Db,
  scan: ScanRecord,
  q: HandoffQuery,
  fixer: AwsTarget,
  bundle: Pick<ReturnType<typeof handoffBundle>, "input" | "jobs">,
  files: Map<string, string>,
): Promise<{ name: string; jobId: string }[]> {
  const created = await submitBatchJobs(
    fixer,
    bundle.input,
    bundle.jobs.map((job) => ({ job, manifestFile: files.get(job.name)! })),
  );
  for (const c of created)
    recordBatchJob(db, {
      scanId: scan.id,
      jobId: c.jobId,
      name: c.name,
      owner: q.owner,
      accountId: q.accountId,
      workBucket: q.workBucket,
      reportPrefix: reportPrefixOf(bundle.input),
    });
  return created;
}

/** Uploads the manifests and creates the jobs as the owning account's fixer (from the browser). */
export async function submitHandoff(db: Db, scan: ScanRecord, q: HandoffQuery) {
  const fixer = fixerFor(db, scan, q.owner);
  const bundle = handoffBundle(db, scan, q);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-handoff-"));
  try {
    const files = writeManifests(db, scan, q, bundle.jobs, dir);
    return { submitted: await submitJobs(db, scan, q, fixer, bundle, files) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function requireBatchJob(db: Db, scan: ScanRecord, jobId: string) {
  const job = getBatchJob(db, scan.id, jobId);
  if (!job)
    throw new AppError(
      "not_found",
      `Batch Operations job ${jobId} was not submitted by Ownerscope for scan ${scan.id}.`,
    );
  return job;
}

/** A submitted job's status and progress, and whether its report was applied. Reading it changes nothing. */
export async function handoffJobStatus(db: Db, scan: ScanRecord, jobId: string) {
  const recorded = requireBatchJob(db, scan, jobId);
  const job = await describeBatchJob(fixerFor(db, scan, recorded.owner), recorded.accountId, jobId);
  return { ...job, appliedAt: recorded.appliedAt, report: recorded.applied };
}

/**
 * A Batch Operations job as its account sees it, asked from a terminal with the owner's fixer. A finished job's
 * completion report goes into the scan it came from, once: from where it was recorded at submission, or (for a job
 * the owner created with handoff.sh) from the work bucket named here, then recorded. Without `scan`, the job only.
 */
export async function jobStatusWith(
  db: Db,
  fixer: AwsTarget,
  q: { jobId: string; accountId: string },
  /** The scan the report goes into, asked for only once the job is complete. */
  from?: () => {
    scan: ScanRecord;
    elsewhere: { owner: string; workBucket: string; workPrefix: string } | null;
  },
) {
  const job: Record<string, unknown> = await describeBatchJob(fixer, q.accountId, q.jobId);
  if (job.status !== "Complete" || !from) return job;
  const { scan, elsewhere } = from();
  let recorded = getBatchJob(db, scan.id, q.jobId);
  if (!recorded) {
    // The report speaks only for the owner's objects: the owner and where the report is must be named.
    if (!elsewhere)
      throw new AppError(
        "invalid_input",
        "This job was not submitted from here: name its --owner and --work-bucket (and --work-prefix).",
      );
    recordBatchJob(db, {
      scanId: scan.id,
      jobId: q.jobId,
      name: "submitted elsewhere",
      owner: elsewhere.owner,
      accountId: q.accountId,
      workBucket: elsewhere.workBucket,
      reportPrefix: reportPrefixOf(elsewhere),
    });
    recorded = getBatchJob(db, scan.id, q.jobId)!;
  }
  job.report = recorded.applied ?? (await applyHandoffReport(db, scan, q.jobId, fixer)).report;
  return job;
}

/**
 * A finished job's completion report, read from the location recorded when the job was submitted, applied to the
 * scan's findings once. `fixer` defaults to the account's fixer on the scan's connection.
 */
export async function applyHandoffReport(db: Db, scan: ScanRecord, jobId: string, fixer?: AwsTarget) {
  const recorded = requireBatchJob(db, scan, jobId);
  const as = fixer ?? fixerFor(db, scan, recorded.owner);
  const job = await describeBatchJob(as, recorded.accountId, jobId);
  if (job.status !== "Complete")
    throw new AppError(
      "conflict",
      `Batch Operations job ${jobId} is ${job.status}: its report comes when it is Complete.`,
    );
  if (!claimBatchReport(db, scan.id, jobId))
    throw new AppError("conflict", `The report of Batch Operations job ${jobId} was applied already.`);
  try {
    const lines = completionReportLines(as, recorded.workBucket, recorded.reportPrefix, jobId);
    const report = await applyCompletionReport(db, scan, lines, recorded);
    settleBatchReport(db, scan.id, jobId, report);
    return { ...job, report };
  } catch (error) {
    settleBatchReport(db, scan.id, jobId, null);
    throw error;
  }
}
