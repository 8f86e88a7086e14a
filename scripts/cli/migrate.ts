// `ownerscope migrate plan|apply|rollback`: disabling ACLs on a bucket, planned from its newest scan (run first when
// there is none), the bucket's settings read now and the logs named; applied one step at a time; undone from the
// snapshot.
import { once } from "node:events";
import os from "node:os";
import {
  applyHere,
  planHere,
  readEvidenceHere,
  rollbackHere,
  snapshotLinesOf,
  terminalContext,
  wholeBucketScan,
} from "@/lib/api/terminal-migration";
import type { Db } from "@/lib/db";
import { athenaScripts } from "@/lib/migrate/athena";
import { OWNERSHIP_UNSUPPORTED, stepTitles } from "@/lib/migrate/steps";
import { migrateFlagsSchema, type MigrateFlags } from "@/lib/schemas/acl-migration";
import { UsageError } from "./command";
import { connectionOptions, partialTargetOf } from "./connection-flags";
import { write, type Out } from "./output";

export const migrateUsage = `usage: ownerscope migrate plan|apply|rollback --bucket B [--access-logs s3://LOGS/PREFIX/]
                         [--cloudtrail s3://TRAIL/PREFIX/] [--since DATE] [--format json|table]
                         [--principal CANONICAL_ID=ACCOUNT_ID_OR_ARN ...] [--include-public] [--owner-profile PROFILE]
                         [--logs-profile PROFILE]
                         [--snapshot-out FILE.jsonl] [--accept-breakers]
                         [--profile P] [--role-arn ARN] [--endpoint-url URL] [--region R] [--data-dir DIR]
plan      the readiness report (blockers, readers that lose access, writers that will be refused), the evidence of
          the logs named, the bucket policy that keeps what the ACLs grant (merged, as a diff) and the Athena
          queries for larger logs; from the bucket's newest whole-bucket scan in this data directory (a full scan is
          run first when there is none)
apply     takes the snapshot (every object's owner and ACL, the policy and bucket ACL), then runs each step in turn,
          reading each back: merged policy, bucket ACL private, BucketOwnerEnforced, scan again. Stops at a step
          that cannot run (the endpoint lacks Object Ownership, something changed since the snapshot), and before
          enforcing while readers or writers would break, unless --accept-breakers
rollback  puts back the snapshot's policy and bucket ACL, then the Object Ownership it had
exit status: 0 ready (plan) or every step done (apply, rollback); 3 blockers or breakers found, or a step stopped
or failed; 2 usage or configuration error; 1 anything else`;

export const migrateOptions = {
  bucket: { type: "string" },
  "access-logs": { type: "string" },
  cloudtrail: { type: "string" },
  since: { type: "string" },
  format: { type: "string" },
  principal: { type: "string", multiple: true },
  "include-public": { type: "boolean" },
  "owner-profile": { type: "string" },
  "logs-profile": { type: "string" },
  "snapshot-out": { type: "string" },
  "accept-breakers": { type: "boolean" },
  ...connectionOptions,
} as const;

const contextOf = (db: Db, flags: MigrateFlags) =>
  terminalContext(db, {
    bucket: flags.bucket,
    read: partialTargetOf(flags),
    ownerProfile: flags["owner-profile"],
    logsProfile: flags["logs-profile"],
    principals: Object.fromEntries(
      (flags.principal ?? []).map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]),
    ),
    actor: `cli:${os.userInfo().username}`,
  });

export async function migrateCommand(
  db: Db,
  action: string | undefined,
  values: Record<string, unknown>,
  err: Out,
  out: Out,
) {
  const flags = migrateFlagsSchema.parse({ ...values, action });
  const ctx = await contextOf(db, flags);
  if (flags.action === "rollback") {
    const done = await rollbackHere(ctx);
    if (!done)
      throw new UsageError(`no snapshot of ${ctx.bucket} in this data directory: nothing to roll back`);
    if (flags.format === "json")
      await write(out, `${JSON.stringify({ bucket: ctx.bucket, ...done }, null, 1)}\n`);
    else
      for (const s of done.steps)
        await write(out, `${s.state.padEnd(8)} ${stepTitles[s.step]}: ${s.message}\n`);
    return done.steps.every((s) => s.state === "done" || s.state === "skipped") ? 0 : 3;
  }

  const scan = await wholeBucketScan(ctx, (scanId) =>
    write(err, `ownerscope: no scan of ${ctx.bucket} here: scanning it first (scan ${scanId}, full)\n`),
  );
  if (flags["access-logs"] || flags.cloudtrail) {
    const evidence = await readEvidenceHere(ctx, {
      accessLogs: flags["access-logs"] ?? null,
      cloudTrail: flags.cloudtrail ?? null,
      since: flags.since ?? null,
    });
    await write(
      err,
      `ownerscope: read ${evidence.sources.files} log files: ${evidence.sources.accessLogLines} access-log lines, ${evidence.sources.cloudTrailRecords} CloudTrail records of ${ctx.bucket} (${evidence.sources.skipped} other or unreadable)\n`,
    );
    if (evidence.partial) await write(err, `ownerscope: the evidence is partial: ${evidence.partial}\n`);
  }
  const includePublic = flags["include-public"] ?? false;
  const plan = await planHere(ctx, scan, includePublic);

  if (flags.action === "plan") {
    const athena = athenaScripts({
      bucket: ctx.bucket,
      accessLogs: flags["access-logs"] ?? null,
      cloudTrail: flags.cloudtrail ?? null,
      since: flags.since ?? null,
    });
    if (flags.format === "json") await write(out, `${JSON.stringify({ ...plan, athena }, null, 1)}\n`);
    else await write(out, planText(plan));
    return plan.readiness.ready ? 0 : 3;
  }

  const applied = await applyHere(ctx, scan, plan, {
    includePublic,
    acceptBreakers: flags["accept-breakers"] ?? false,
    onSnapshot: async (m) => {
      if (flags["snapshot-out"]) await writeLines(snapshotLinesOf(db, m), flags["snapshot-out"]);
    },
  });
  const { ran, ...result } = applied;
  if (flags.format === "json")
    await write(
      out,
      `${JSON.stringify({ bucket: ctx.bucket, snapshot: result.snapshot, steps: ran, complete: result.complete, rollback: result.rollback }, null, 1)}\n`,
    );
  else for (const s of ran) await write(out, `${s.state.padEnd(8)} ${stepTitles[s.step]}: ${s.message}\n`);
  if (ran.some((s) => s.message === OWNERSHIP_UNSUPPORTED))
    await write(err, `ownerscope: ${OWNERSHIP_UNSUPPORTED}\n`);
  return result.complete ? 0 : 3;
}

async function writeLines(lines: Iterable<string>, file: string) {
  const fs = await import("node:fs");
  const stream = fs.createWriteStream(file, { flags: "wx" });
  for (const line of lines) await write(stream, line);
  stream.end();
  await once(stream, "finish");
}

function planText(plan: Awaited<ReturnType<typeof planHere>>): string {
  const lines = [
    `Disabling ACLs on ${plan.bucket} (scan ${plan.scan.id}, ${plan.scan.mode}; Object Ownership ${plan.objectOwnership.value})`,
    plan.readiness.ready ? "ready: nothing blocks or breaks" : "not ready:",
    ...plan.readiness.items.map(
      (i) =>
        `  [${i.severity}] ${i.title}\n      ${i.detail}${i.remedy ? `\n      remedy: ${i.remedy}` : ""}`,
    ),
  ];
  if (plan.translation) {
    const t = plan.translation;
    lines.push(
      "",
      `policy: ${t.statements.length} statements added, ${t.size} bytes of ${20 * 1024}${t.fits ? "" : " (does not fit)"}`,
      ...t.unresolved.map(
        (u) =>
          `  needs a principal for ${u.grantee} (${u.objects} objects): --principal ${u.grantee}=ACCOUNT_ID`,
      ),
      ...t.notes.map((n) => `  ${n}`),
      ...t.diff.filter((d) => d.op !== " ").map((d) => `${d.op} ${d.line}`),
    );
  } else lines.push("", `policy: ${plan.translationError}`);
  return `${lines.join("\n")}\n`;
}
