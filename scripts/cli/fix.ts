// `ownerscope fix`: plans and runs fix-ups of foreign-owned objects, and prints one result per object.
import { once } from "node:events";
import os from "node:os";
import { analyzePosture, type BucketPosture } from "@/lib/audit/posture";
import { credentialsFor, s3For, type AwsTarget } from "@/lib/aws/clients";
import { toAppError } from "@/lib/aws/errors";
import { resolveTarget } from "@/lib/aws/resolve-target";
import { readPostureFacts } from "@/lib/aws/scan-io";
import { planContextFor, type FixTargets } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { iterateFixItems, type FixItemRecord } from "@/lib/db/fix-items";
import { getFixJob } from "@/lib/db/fix-jobs";
import { getScan } from "@/lib/db/scans";
import { ENFORCE_REQUEST, planEnforce } from "@/lib/fix/enforce";
import type { FixSubject, Strategy } from "@/lib/fix/strategy";
import { countOf } from "@/lib/format";
import { enforceBucket } from "@/lib/jobs/enforce";
import { runFixJob } from "@/lib/jobs/fix-runner";
import { createPlannedJob, planFix, subjectOf } from "@/lib/jobs/fixes";
import { inspectKeys } from "@/lib/jobs/inspect";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan, runnerGone } from "@/lib/jobs/scans";
import type { EnforceResult } from "@/lib/schemas/fix";
import { fixFlagsSchema } from "@/lib/schemas/fix";
import { connectionOptions, targetFromFlags } from "./connection-flags";

export const fixUsage = `usage: ownerscope fix --bucket B (--key K ... | --all-foreign [--prefix P] | --from-scan ID)
                     [--strategy reput|grant|take-ownership|enforce] [--fixer CANONICAL_ID=PROFILE ...]
                     [--owner-profile PROFILE] [--dry-run] [--format json|table] [--concurrency N] [--verify-content]
                     [--keep-public-grants]
                     [--profile P] [--role-arn ARN] [--external-id X] [--endpoint-url URL] [--region R] [--data-dir DIR]
       ownerscope fix --bucket B --resume-job ID     continue a fix job that was interrupted (kill -9, Ctrl-C)
exit status: 0 every object fixed or skipped with a reason, 3 any failed, 2 usage or configuration error`;

export const fixOptions = {
  bucket: { type: "string" },
  key: { type: "string", multiple: true },
  "all-foreign": { type: "boolean" },
  prefix: { type: "string" },
  "from-scan": { type: "string" },
  strategy: { type: "string" },
  fixer: { type: "string", multiple: true },
  "owner-profile": { type: "string" },
  "dry-run": { type: "boolean" },
  format: { type: "string" },
  concurrency: { type: "string" },
  ...connectionOptions,
  "resume-job": { type: "string" },
  "verify-content": { type: "boolean" },
  "keep-public-grants": { type: "boolean" },
} as const;

export class FixUsageError extends Error {}

type Result = "fixed" | "skipped" | "failed" | "changed-since-scan" | "planned";
type ObjectLine = {
  key: string;
  versionId: string | null;
  strategy: string | null;
  result: Result;
  ownerAfter: string | null;
  bucketOwnerAccessAfter: string | null;
  reason: string | null;
  [extra: string]: unknown;
};

const totalsOf = (objects: ObjectLine[]) => ({
  fixed: objects.filter((o) => o.result === "fixed").length,
  skipped: objects.filter((o) => o.result === "skipped").length,
  failed: objects.filter((o) => o.result === "failed").length,
  changedSinceScan: objects.filter((o) => o.result === "changed-since-scan").length,
  planned: objects.filter((o) => o.result === "planned").length,
});

async function print(
  out: NodeJS.WritableStream,
  format: "json" | "table",
  bucket: string,
  strategy: string,
  objects: ObjectLine[],
  extra: object = {},
) {
  const totals = totalsOf(objects);
  const text =
    format === "json"
      ? `${JSON.stringify({ bucket, strategy, ...extra, objects, totals }, null, 1)}\n`
      : objects
          .map(
            (o) =>
              `${o.result.padEnd(19)} ${`${o.strategy ?? "-"}${o.then ? `+${o.then}` : ""}`.padEnd(28)} ${o.key}${o.reason ? `  (${o.reason})` : ""}`,
          )
          .join("\n") +
        `\n\n${countOf(objects.length, "object")}: ${
          Object.entries(totals)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${n} ${k}`)
            .join(", ") || "none"
        }\n`;
  if (!out.write(text)) await once(out, "drain");
  return totals.failed + totals.changedSinceScan > 0 ? 3 : 0;
}

const lineOf = (i: FixItemRecord): ObjectLine => ({
  key: i.key,
  versionId: i.versionId || null,
  strategy: i.strategy,
  ...(i.thenStrategy ? { then: i.thenStrategy } : {}),
  result: i.state === "pending" || i.state === "copying" ? "failed" : i.state,
  ownerAfter: i.ownerAfter,
  bucketOwnerAccessAfter: i.accessAfter,
  reason: i.state === "pending" || i.state === "copying" ? "not processed (the job stopped first)" : i.reason,
});

export async function fixCommand(
  db: Db,
  values: Record<string, unknown>,
  err: NodeJS.WritableStream,
  out: NodeJS.WritableStream,
) {
  const flags = fixFlagsSchema.parse(values);
  if (flags["resume-job"]) {
    return resumeJob(db, flags.bucket, flags["resume-job"], flags.format, err, out, flags["verify-content"]);
  }
  const sources = [
    flags.key?.length ? 1 : 0,
    flags["all-foreign"] ? 1 : 0,
    flags["from-scan"] ? 1 : 0,
  ].reduce((a, b) => a + b, 0);
  if (sources !== 1)
    throw new FixUsageError("name the objects with exactly one of --key, --all-foreign or --from-scan");

  const read = await targetFromFlags(flags);
  const writer = (profile: string) =>
    resolveTarget({
      ...read,
      profile,
      roleArn: null,
      externalId: null,
      sessionName: null,
      endpointUrl: null,
      stsEndpointUrl: null,
    }).then((t): AwsTarget => ({
      ...t,
      endpointUrl: t.endpointUrl ?? read.endpointUrl,
      stsEndpointUrl: t.stsEndpointUrl ?? read.stsEndpointUrl,
      forcePathStyle: t.forcePathStyle || read.forcePathStyle,
    }));
  // A writer profile that yields no credentials is a mistake in the flags: say so now, not once per object.
  const usableWriter = async (flag: string, profile: string) => {
    const target = await writer(profile);
    try {
      await credentialsFor(target)();
    } catch (error) {
      throw new FixUsageError(
        `${flag}: no usable credentials for profile ${profile}: ${(error as Error).message}`,
      );
    }
    return target;
  };
  const fixers: Record<string, AwsTarget> = {};
  for (const spec of flags.fixer ?? [])
    fixers[spec.canonicalId] = await usableWriter(
      `--fixer ${spec.canonicalId}=${spec.profile}`,
      spec.profile,
    );
  const owner = flags["owner-profile"] ? await usableWriter("--owner-profile", flags["owner-profile"]) : null;

  let posture: BucketPosture;
  try {
    posture = analyzePosture(await readPostureFacts(s3For(read), flags.bucket));
  } catch (error) {
    // The bucket cannot be read with these flags (missing, denied, unreachable): a configuration error, exit 2.
    throw new FixUsageError(toAppError(error, `read bucket ${flags.bucket}`).message);
  }
  const strategyName = flags.strategy ?? "default";

  if (flags.strategy === "enforce")
    return enforce(db, flags.bucket, posture, owner ?? read, flags["dry-run"] ?? false, flags.format, out);

  // The objects: a stored scan, a fresh scan, or the named keys inspected now.
  let scanId: number | null = null;
  let subjects: Iterable<FixSubject>;
  let missing: string[] = [];
  if (flags.key?.length) {
    const inspected = await inspectKeys(read, flags.bucket, posture.ownerId, flags.key);
    subjects = inspected.found;
    missing = inspected.missing;
  } else {
    if (flags["from-scan"]) {
      const scan = getScan(db, flags["from-scan"]);
      if (!scan || scan.bucket !== flags.bucket)
        throw new FixUsageError(
          `no scan ${flags["from-scan"]} of bucket ${flags.bucket} in this data directory`,
        );
      if (scan.status !== "completed")
        throw new FixUsageError(
          `scan ${scan.id} is ${scan.status}; finish it first (run the same scan again)`,
        );
      scanId = scan.id;
    } else {
      const prepared = prepareScan(
        db,
        {
          connectionId: null,
          target: read,
          bucket: flags.bucket,
          prefix: flags.prefix,
          mode: "fast",
          versions: false,
          concurrency: flags.concurrency,
        },
        true,
      );
      err.write(
        `ownerscope: scanning s3://${flags.bucket}/${flags.prefix} first (scan ${prepared.scanId})\n`,
      );
      const scan = await runScan(db, prepared.scanId);
      if (scan.status !== "completed")
        throw new FixUsageError(`the scan did not complete: ${scan.error ?? scan.status}`);
      scanId = scan.id;
    }
    const prefix = flags.prefix;
    const id = scanId;
    subjects = (function* () {
      for (const f of iterateFindings(db, id)) {
        // As last known: a key a fix since the scan made the bucket owner's has nothing left to do.
        const subject = subjectOf(f);
        if (f.key.startsWith(prefix) && subject.ownerId !== posture.ownerId) yield subject;
      }
    })();
  }

  const targets: FixTargets = { bucketOwnerId: posture.ownerId, read, owner, fixers };
  const context = planContextFor(targets, {
    accountName: (id) => id,
    versioning: posture.versioning,
    keepPublicGrants: flags["keep-public-grants"] ?? false,
  });
  const requested = (flags.strategy ?? null) as Exclude<Strategy, "enforce"> | null;
  const missingLines: ObjectLine[] = missing.map((key) => ({
    key,
    versionId: null,
    strategy: null,
    result: "failed",
    ownerAfter: null,
    bucketOwnerAccessAfter: null,
    reason: "no such key",
  }));

  if (flags["dry-run"]) {
    const plan = planFix({ subjects, requested, context });
    const objects: ObjectLine[] = plan.objects.map((p) => ({
      key: p.key,
      versionId: p.versionId,
      strategy: p.decision.kind === "fix" ? p.decision.strategy : null,
      ...(p.decision.kind === "fix" && p.decision.then ? { then: p.decision.then } : {}),
      result: p.decision.kind === "fix" ? "planned" : p.decision.kind === "skip" ? "skipped" : "failed",
      ownerAfter: null,
      bucketOwnerAccessAfter: null,
      reason: p.decision.kind === "fix" ? null : p.decision.reason,
      actor: p.actor,
      requests: p.requests.names,
      effects: p.effects,
    }));
    return print(out, flags.format, flags.bucket, strategyName, [...objects, ...missingLines], {
      plan: plan.totals,
    });
  }

  const jobId = createPlannedJob(db, {
    connectionId: null,
    scanId,
    bucket: flags.bucket,
    targets,
    concurrency: flags.concurrency,
    actor: `cli:${os.userInfo().username}`,
    subjects,
    requested,
    context,
  });
  return execute(
    db,
    jobId,
    flags.bucket,
    strategyName,
    flags.format,
    err,
    out,
    missingLines,
    flags["verify-content"],
  );
}

async function execute(
  db: Db,
  jobId: number,
  bucket: string,
  strategyName: string,
  format: "json" | "table",
  err: NodeJS.WritableStream,
  out: NodeJS.WritableStream,
  extraLines: ObjectLine[] = [],
  verifyContent = false,
) {
  err.write(`ownerscope: fix job ${jobId} (resume it with --resume-job ${jobId} if it is interrupted)\n`);
  const controller = new AbortController();
  const stop = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const job = await runFixJob(db, jobId, { signal: controller.signal, verifyContent });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  err.write(
    `ownerscope: fix job ${job.id} ${job.status}: ${job.counts.fixed} fixed, ${job.counts.skipped} skipped, ` +
      `${job.counts.failed} failed, ${job.counts["changed-since-scan"]} changed since the scan\n`,
  );
  const lines = [...iterateFixItems(db, jobId)].map(lineOf);
  return print(out, format, bucket, strategyName, [...lines, ...extraLines], { jobId });
}

async function resumeJob(
  db: Db,
  bucket: string,
  jobId: number,
  format: "json" | "table",
  err: NodeJS.WritableStream,
  out: NodeJS.WritableStream,
  verifyContent = false,
) {
  const job = getFixJob(db, jobId);
  if (!job || job.bucket !== bucket)
    throw new FixUsageError(`no fix job ${jobId} for bucket ${bucket} in this data directory`);
  if (job.status === "running" && !runnerGone(job.runnerPid, job.heartbeatAt)) {
    throw new FixUsageError(`fix job ${jobId} is still running in process ${job.runnerPid}`);
  }
  return execute(db, jobId, bucket, job.requestedStrategy ?? "default", format, err, out, [], verifyContent);
}

async function enforce(
  db: Db,
  bucket: string,
  posture: BucketPosture,
  actor: AwsTarget,
  dryRun: boolean,
  format: "json" | "table",
  out: NodeJS.WritableStream,
) {
  const line = (result: Result, reason: string | null, after?: EnforceResult): ObjectLine => ({
    key: "*",
    versionId: null,
    strategy: "enforce",
    result,
    ownerAfter: after?.ownerAfter ?? null,
    bucketOwnerAccessAfter: after?.bucketOwnerAccessAfter ?? null,
    reason,
  });
  const decision = planEnforce(posture);
  let result: ObjectLine;
  if (dryRun && decision.kind === "enforce") {
    result = line("planned", `${ENFORCE_REQUEST}: ${decision.effects.join("; ")}`);
  } else {
    const ended = await enforceBucket(db, {
      connectionId: null,
      bucket,
      posture,
      actor,
      actorName: `cli:${os.userInfo().username}`,
    });
    result = line(ended.result, ended.reason, ended);
  }
  return print(out, format, bucket, "enforce", [result]);
}
