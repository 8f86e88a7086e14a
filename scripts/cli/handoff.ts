// `ownerscope handoff`: a Batch Operations bundle for one foreign account's keys of a stored scan, written to a
// folder (manifests, job requests, role policies, the commands), and optionally submitted through its fixer.
import fs from "node:fs";
import path from "node:path";
import { handoffBundle, jobStatusWith, submitJobs, writeManifests } from "@/lib/api/handoff";
import { findScan } from "@/lib/api/scans";
import { targetOfFlags } from "@/lib/api/targets";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { manifestFile, safePrefix } from "@/lib/fix/batch-handoff";
import { batchJobIdSchema, handoffQuerySchema } from "@/lib/schemas/fix";
import { bucketNameSchema } from "@/lib/schemas/listing";
import { UsageError } from "./command";

export const handoffUsage = `usage: ownerscope handoff --from-scan ID --owner CANONICAL_ID --account-id 12_DIGITS --work-bucket BUCKET
                         [--strategy grant|reput] [--work-prefix P/] [--role-name NAME] --out DIR
                         [--submit --fixer-profile PROFILE [--fixer-role-arn ARN] [--endpoint-url URL]] [--data-dir DIR]
       ownerscope handoff --status JOB_ID --account-id 12_DIGITS --fixer-profile PROFILE [--fixer-role-arn ARN]
                         [--from-scan ID [--owner CANONICAL_ID --work-bucket BUCKET [--work-prefix P/]]]
Writes, for the owner's keys in the scan: one CSV manifest per job, each job's CreateJob request, the job role's
trust and permission policies, and handoff.sh (the aws CLI commands that account runs). Objects over 5 GB cannot
be copied by Batch Operations: they are listed in over-5gb.txt for Ownerscope's own fix, and archived objects (or
ones of a storage class S3 does not name) in not-copyable.txt. A re-put manifest never names versions: Batch copies
each key's current object. --submit uploads the manifests and creates the jobs as the owner's fixer, and prints
their IDs. --status with --from-scan applies a finished job's completion report to the scan, once: from where it
was recorded at --submit, or, for a job created with handoff.sh, from --work-bucket, for --owner's keys only.
exit status: 0 written (and submitted), 2 usage or configuration error, 1 anything else`;

export const handoffOptions = {
  "from-scan": { type: "string" },
  owner: { type: "string" },
  "account-id": { type: "string" },
  "work-bucket": { type: "string" },
  "work-prefix": { type: "string" },
  "role-name": { type: "string" },
  strategy: { type: "string" },
  out: { type: "string" },
  submit: { type: "boolean" },
  status: { type: "string" },
  "fixer-profile": { type: "string" },
  "fixer-role-arn": { type: "string" },
  "endpoint-url": { type: "string" },
  "sts-endpoint-url": { type: "string" },
  region: { type: "string" },
} as const;

async function fixerOf(v: Record<string, string | boolean | undefined>) {
  if (typeof v["fixer-profile"] !== "string" && typeof v["fixer-role-arn"] !== "string")
    throw new UsageError("this needs the owner's fixer: --fixer-profile and/or --fixer-role-arn");
  return targetOfFlags({
    profile: typeof v["fixer-profile"] === "string" ? v["fixer-profile"] : null,
    roleArn: typeof v["fixer-role-arn"] === "string" ? v["fixer-role-arn"] : null,
    externalId: null,
    sessionName: "ownerscope-handoff",
    region: typeof v.region === "string" ? v.region : null,
    endpointUrl: typeof v["endpoint-url"] === "string" ? v["endpoint-url"] : null,
    stsEndpointUrl: typeof v["sts-endpoint-url"] === "string" ? v["sts-endpoint-url"] : null,
    forcePathStyle: false,
  });
}

export async function handoffCommand(
  db: Db,
  v: Record<string, string | boolean | undefined>,
  out: NodeJS.WritableStream,
) {
  if (typeof v.status === "string") {
    if (!batchJobIdSchema.safeParse(v.status).success)
      throw new UsageError("--status takes a Batch Operations job ID");
    const accountId = v["account-id"];
    if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId))
      throw new UsageError("--status needs --account-id (the owning account's 12-digit ID)");
    const fixer = await fixerOf(v);
    // A finished job's completion report goes into the scan it came from, once: from where it was recorded at
    // submission, or (for a job the owner created with handoff.sh) from the work bucket named here.
    const from = v["from-scan"]
      ? () => {
          const scan = findScan(db, Number(v["from-scan"]));
          if (!scan) throw new UsageError(`no scan ${String(v["from-scan"])} in this data directory`);
          const workBucket = bucketNameSchema.safeParse(v["work-bucket"]);
          const workPrefix =
            typeof v["work-prefix"] === "string" ? v["work-prefix"] : `ownerscope/${scan.bucket}/`;
          const named = workBucket.success && safePrefix.test(workPrefix) && typeof v.owner === "string";
          return {
            scan,
            elsewhere: named ? { owner: v.owner as string, workBucket: workBucket.data!, workPrefix } : null,
          };
        }
      : undefined;
    let job: Record<string, unknown>;
    try {
      job = await jobStatusWith(db, fixer, { jobId: v.status, accountId }, from);
    } catch (error) {
      // The report speaks only for the owner's objects: a mistake in the flags, said as one.
      if (error instanceof AppError && error.code === "invalid_input")
        throw new UsageError(
          "this job was not submitted from here: name its --owner and --work-bucket (and --work-prefix)",
        );
      throw error;
    }
    out.write(`${JSON.stringify(job, null, 2)}\n`);
    return 0;
  }
  const scanId = Number(v["from-scan"]);
  if (!Number.isInteger(scanId) || scanId <= 0)
    throw new UsageError("handoff needs --from-scan ID (run scan first)");
  if (typeof v.out !== "string") throw new UsageError("handoff needs --out DIR");
  const scan = findScan(db, scanId);
  if (!scan) throw new UsageError(`no scan ${scanId} in this data directory`);
  const q = handoffQuerySchema.parse({
    owner: v.owner,
    accountId: v["account-id"],
    strategy: v.strategy,
    workBucket: v["work-bucket"],
    workPrefix: v["work-prefix"],
    roleName: v["role-name"],
  });
  const bundle = handoffBundle(db, scan, q);
  const dir = path.resolve(v.out);
  fs.mkdirSync(dir, { recursive: true });
  const files = writeManifests(db, scan, q, bundle.jobs, dir);
  bundle.jobs.forEach((job, i) =>
    fs.writeFileSync(
      path.join(dir, `${job.name}-create-job.json`),
      `${JSON.stringify(bundle.requests[i], null, 2)}\n`,
    ),
  );
  fs.writeFileSync(
    path.join(dir, "role-trust-policy.json"),
    `${JSON.stringify(bundle.role.trustPolicy, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "role-permissions.json"),
    `${JSON.stringify(bundle.role.permissionPolicy, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(dir, "handoff.sh"), bundle.script, { mode: 0o755 });
  if (bundle.overLimit.count > 0)
    fs.writeFileSync(path.join(dir, "over-5gb.txt"), `${bundle.overLimit.keys.join("\n")}\n`);
  if (bundle.uncopyable.count > 0)
    fs.writeFileSync(path.join(dir, "not-copyable.txt"), `${bundle.uncopyable.keys.join("\n")}\n`);
  const summary: Record<string, unknown> = {
    scanId,
    bucket: bundle.input.bucket,
    owner: q.owner,
    strategy: q.strategy,
    objects: bundle.total,
    jobs: bundle.jobs.map((j) => ({
      name: j.name,
      objects: j.objects,
      bytes: j.bytes,
      manifest: manifestFile(j),
    })),
    over5GB: bundle.overLimit.count,
    notCopyable: bundle.uncopyable.count,
    out: dir,
  };
  if (v.submit) {
    const fixer = await fixerOf(v);
    summary.submitted = await submitJobs(db, scan, q, fixer, bundle, files);
  }
  out.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}
