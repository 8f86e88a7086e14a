import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { targetOf } from "@/lib/api/fixes";
import { completionReportLines, describeBatchJob, submitBatchJobs } from "@/lib/aws/batch";
import type { Db } from "@/lib/db";
import { listAccounts } from "@/lib/db/connections";
import {
  applyFixToFinding,
  getFinding,
  listFindings,
  type FindingPosition,
  type ScanRecord,
} from "@/lib/db/scans";
import { parseResultLine } from "@/lib/fix/batch-report";
import { AppError } from "@/lib/errors";
import {
  batchRole,
  createJobRequest,
  handoffScript,
  jobOf,
  manifestLine,
  planJobs,
  type HandoffInput,
  type HandoffJob,
  type HandoffObject,
} from "@/lib/fix/batch-handoff";
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
    const page = listFindings(db, scanId, { ownerId: owner }, { after, limit: 2_000 }, bucketOwnerId);
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

/** The bundle for one foreign account: jobs, role, commands, and the keys Batch cannot copy (over 5 GB). */
export function handoffBundle(db: Db, scan: ScanRecord, q: HandoffQuery) {
  const { input, objects } = inputOf(db, scan, q);
  const { jobs, overLimit, total } = planJobs(input, objects());
  if (total === 0 && overLimit.length === 0)
    throw new AppError("not_found", "This scan has no key of that account.");
  return {
    input,
    total,
    jobs,
    overLimit: { count: overLimit.length, keys: overLimit.slice(0, 100).map((o) => o.key) },
    role: batchRole(input),
    requests: jobs.map((j) => createJobRequest(input, j, "MANIFEST_ETAG", `ownerscope-${j.name}`)),
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
    if (jobOf(input, o) === job) yield `${manifestLine(input.bucket, o, input.versions)}\n`;
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
    if (job !== null) yield { job, line: `${manifestLine(input.bucket, o, input.versions)}\n` };
  }
}

/**
 * A finished job's results, into the scan's findings: each key the job fixed takes the state its operation leaves
 * (a grant or an ObjectWriter re-put: still the owner's, with the bucket owner's FULL_CONTROL), with the job named
 * as the source. Failed tasks keep their finding. Returns the counts.
 */
export async function applyCompletionReport(
  db: Db,
  scan: ScanRecord,
  lines: AsyncIterable<string>,
): Promise<{ succeeded: number; failed: number; applied: number }> {
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
    if (!finding || finding.owner.id === null) continue;
    applyFixToFinding(db, scan.id, finding.key, finding.versionId ?? "", {
      ownerId: finding.owner.id,
      status: finding.owner.id === scan.bucketOwnerId ? "owned" : "foreign-full-control",
      bucketOwnerAccess: "full-control",
      publicGrant: finding.publicGrant,
      grants: null,
      reason: null,
    });
    applied++;
  }
  return { succeeded, failed, applied };
}

/** The owning account's fixer, as configured on the scan's connection; without one nothing can be submitted. */
function fixerFor(db: Db, scan: ScanRecord, owner: string) {
  const connection = requireConnection(db, scan.connectionId!);
  const account = listAccounts(db, connection.id).find((a) => a.canonicalId === owner);
  if (!account || (!account.fixerProfile && !account.fixerRoleArn))
    throw new AppError(
      "conflict",
      `No fixer is configured for account ${account?.name ?? owner}: add one under the connection's settings, or hand the bundle over.`,
    );
  return targetOf(connection, {
    profile: account.fixerProfile,
    roleArn: account.fixerRoleArn,
    externalId: account.fixerExternalId,
  });
}

/** Uploads the manifests and creates the jobs as the owning account's fixer. */
export async function submitHandoff(db: Db, scan: ScanRecord, q: HandoffQuery) {
  const fixer = fixerFor(db, scan, q.owner);
  const bundle = handoffBundle(db, scan, q);
  const text = new Map<string, string>();
  for (const { job, line } of handoffManifestLines(db, scan, q)) text.set(job, (text.get(job) ?? "") + line);
  const manifests = bundle.jobs.map((job) => ({ job, manifest: text.get(job.name) ?? "" }));
  return { submitted: await submitBatchJobs(fixer, bundle.input, manifests) };
}

/** A submitted job's status; once it is complete, its completion report updates the scan's findings. */
export async function handoffJobStatus(db: Db, scan: ScanRecord, q: HandoffQuery, jobId: string) {
  const fixer = fixerFor(db, scan, q.owner);
  const job = await describeBatchJob(fixer, q.accountId, jobId);
  if (job.status !== "Complete") return { ...job, report: null };
  const prefix = `${q.workPrefix ?? `ownerscope/${scan.bucket}/`}reports`;
  const report = await applyCompletionReport(
    db,
    scan,
    completionReportLines(fixer, q.workBucket, prefix, jobId),
  );
  return { ...job, report };
}
