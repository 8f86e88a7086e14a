// `ownerscope fix`: plans and runs fix-ups of foreign-owned objects, and prints one result per object.
import { once } from "node:events";
import os from "node:os";
import { findScan } from "@/lib/api/scans";
import {
  createJobHere,
  enforceHere,
  foreignSubjects,
  keysNow,
  planHere,
  postureNow,
  resumableJob,
  runJobHere,
  writerTarget,
} from "@/lib/api/terminal-fix";
import { scanHere } from "@/lib/api/terminal-scan";
import type { BucketPosture } from "@/lib/audit/posture";
import { planContextFor, type AwsTarget, type FixTargets } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import type { FixItemRecord } from "@/lib/db/fix-items";
import { AppError } from "@/lib/errors";
import { ENFORCE_REQUEST, planEnforce } from "@/lib/fix/enforce";
import type { FixSubject, Strategy } from "@/lib/fix/strategy";
import { countOf } from "@/lib/format";
import type { EnforceResult } from "@/lib/schemas/fix";
import { fixFlagsSchema } from "@/lib/schemas/fix";
import { UsageError } from "./command";
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

type FixFlags = ReturnType<typeof fixFlagsSchema.parse>;
type Out = NodeJS.WritableStream;

/** An AppError from a use case, said as a mistake in the flags (exit status 2). */
async function asUsage<T>(work: Promise<T>, flag?: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw new UsageError(flag ? `${flag}: ${error.message}` : error.message);
    throw error;
  }
}

export async function fixCommand(db: Db, values: Record<string, unknown>, err: Out, out: Out) {
  const flags = fixFlagsSchema.parse(values);
  if (flags["resume-job"]) {
    return resumeJob(db, flags.bucket, flags["resume-job"], flags.format, err, out, flags["verify-content"]);
  }
  const sources = [flags.key?.length, flags["all-foreign"], flags["from-scan"]].filter(Boolean).length;
  if (sources !== 1)
    throw new UsageError("name the objects with exactly one of --key, --all-foreign or --from-scan");

  const targets = await targetsOf(flags);
  // The bucket cannot be read with these flags (missing, denied, unreachable): a configuration error, exit 2.
  const posture = await asUsage(postureNow(targets.read, flags.bucket));
  const strategyName = flags.strategy ?? "default";
  if (flags.strategy === "enforce") {
    const actor = targets.owner ?? targets.read;
    return enforce(db, flags.bucket, posture, actor, flags["dry-run"] ?? false, flags.format, out);
  }

  const { scanId, subjects, missing } = await subjectsOf(db, flags, targets.read, posture, err);
  const fixTargets: FixTargets = { bucketOwnerId: posture.ownerId, ...targets };
  const context = planContextFor(fixTargets, {
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
    const plan = planHere({ subjects, requested, context });
    const objects = plan.objects.map(plannedLine);
    return print(out, flags.format, flags.bucket, strategyName, [...objects, ...missingLines], {
      plan: plan.totals,
    });
  }

  const jobId = createJobHere(db, {
    connectionId: null,
    scanId,
    bucket: flags.bucket,
    targets: fixTargets,
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

/** The identities the flags name: the read one, each account's fixer, the bucket owner's writer. */
async function targetsOf(flags: FixFlags) {
  const read = await targetFromFlags(flags);
  const fixers: Record<string, AwsTarget> = {};
  for (const spec of flags.fixer ?? [])
    fixers[spec.canonicalId] = await asUsage(
      writerTarget(read, spec.profile),
      `--fixer ${spec.canonicalId}=${spec.profile}`,
    );
  const ownerProfile = flags["owner-profile"];
  const owner = ownerProfile ? await asUsage(writerTarget(read, ownerProfile), "--owner-profile") : null;
  return { read, fixers, owner };
}

/** The objects: the named keys inspected now, a stored scan's foreign keys, or a fresh fast scan's. */
async function subjectsOf(db: Db, flags: FixFlags, read: AwsTarget, posture: BucketPosture, err: Out) {
  if (flags.key?.length) {
    const inspected = await keysNow(read, flags.bucket, posture.ownerId, flags.key);
    return { scanId: null, subjects: inspected.found as Iterable<FixSubject>, missing: inspected.missing };
  }
  let scanId: number;
  if (flags["from-scan"]) {
    const scan = findScan(db, flags["from-scan"]);
    if (!scan || scan.bucket !== flags.bucket)
      throw new UsageError(`no scan ${flags["from-scan"]} of bucket ${flags.bucket} in this data directory`);
    if (scan.status !== "completed")
      throw new UsageError(`scan ${scan.id} is ${scan.status}; finish it first (run the same scan again)`);
    scanId = scan.id;
  } else {
    const request = {
      connectionId: null,
      target: read,
      bucket: flags.bucket,
      prefix: flags.prefix,
      mode: "fast" as const,
      versions: false,
      concurrency: flags.concurrency,
    };
    const scan = await scanHere(db, request, {
      onStart: (id) =>
        err.write(`ownerscope: scanning s3://${flags.bucket}/${flags.prefix} first (scan ${id})\n`),
    });
    if (scan.status !== "completed")
      throw new UsageError(`the scan did not complete: ${scan.error ?? scan.status}`);
    scanId = scan.id;
  }
  return { scanId, subjects: foreignSubjects(db, scanId, flags.prefix, posture.ownerId), missing: [] };
}

const plannedLine = (p: ReturnType<typeof planHere>["objects"][number]): ObjectLine => ({
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
});

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
  const { job, items } = await runJobHere(db, jobId, { signal: controller.signal, verifyContent });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  err.write(
    `ownerscope: fix job ${job.id} ${job.status}: ${job.counts.fixed} fixed, ${job.counts.skipped} skipped, ` +
      `${job.counts.failed} failed, ${job.counts["changed-since-scan"]} changed since the scan\n`,
  );
  const lines = items.map(lineOf);
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
  const found = resumableJob(db, jobId, bucket);
  if ("missing" in found)
    throw new UsageError(`no fix job ${jobId} for bucket ${bucket} in this data directory`);
  if ("runningIn" in found)
    throw new UsageError(`fix job ${jobId} is still running in process ${found.runningIn}`);
  return execute(
    db,
    jobId,
    bucket,
    found.job.requestedStrategy ?? "default",
    format,
    err,
    out,
    [],
    verifyContent,
  );
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
    const ended = await enforceHere(db, {
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
