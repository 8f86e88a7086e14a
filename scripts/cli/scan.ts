// `ownerscope scan`: audits one bucket (or prefix) and prints every key's owner and status.
import { findingsOf, inventoryScanHere, ownerCountsOf, scanHere } from "@/lib/api/terminal-scan";
import type { AwsTarget } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import type { ScanRecord } from "@/lib/db/scans";
import { foreignCount, reportHeader, reportObject, reportSummary } from "@/lib/export/report";
import { countOf, formatBytes } from "@/lib/format";
import { parseS3Url, reportDate } from "@/lib/inventory/manifest";
import { scanFlagsSchema } from "@/lib/schemas/scan";
import { connectionOptions, targetFromFlags } from "./connection-flags";
import { chunkedWriter, type Out } from "./output";

export const scanUsage = `usage: ownerscope scan --bucket B [--prefix P] [--profile NAME] [--role-arn ARN] [--external-id X]
                      [--role-session-name S] [--endpoint-url URL] [--region R] [--mode full|fast] [--versions]
                      [--concurrency N] [--format json|ndjson|table] [--no-resume] [--data-dir DIR]
                      [--inventory s3://DEST/PREFIX/ | s3://DEST/.../manifest.json]
  --inventory reads the bucket's S3 Inventory report (CSV or Parquet) instead of listing it; keys the report
  cannot classify (no ObjectOwner or ObjectAccessControlList field) are checked live.
exit status: 0 nothing foreign, 3 foreign-owned keys found, 2 usage or configuration error, 1 anything else`;

export const scanOptions = {
  bucket: { type: "string" },
  prefix: { type: "string" },
  ...connectionOptions,
  mode: { type: "string" },
  versions: { type: "boolean" },
  concurrency: { type: "string" },
  format: { type: "string" },
  "no-resume": { type: "boolean" },
  inventory: { type: "string" },
} as const;

function progressLine(s: ScanRecord, startedAt: number): string {
  const done = s.classified;
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = seconds > 0 ? Math.round(done / seconds) : 0;
  const pct = s.listingDone && s.listed > 0 ? ` ${Math.floor((done / s.listed) * 100)}%` : "";
  const foreign = foreignCount(s.byStatus);
  return `scan ${s.id}: listed ${s.listed}, classified ${done}${pct}, foreign ${foreign}, ${rate} keys/s`;
}

function progressBar(s: ScanRecord, width = 24): string {
  const share = s.listingDone && s.listed > 0 ? s.classified / s.listed : 0;
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${(s.listingDone ? "-" : "?").repeat(width - filled)}]`;
}

/** Runs the scan and prints it; returns the exit status. */
export async function scanCommand(
  db: Db,
  values: Record<string, string | boolean | undefined>,
  err: Out,
  out: Out,
) {
  const flags = scanFlagsSchema.parse(values);
  const target = await targetFromFlags(flags);
  if (flags.inventory) return inventoryCommand(db, flags, target, err, out);
  const tty = Boolean((err as NodeJS.WriteStream).isTTY);
  const startedAt = Date.now();
  let lastLine = 0;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  process.once("SIGTERM", onSigint);
  const request = {
    connectionId: null,
    target,
    bucket: flags.bucket,
    prefix: flags.prefix,
    mode: flags.mode,
    versions: flags.versions,
    concurrency: flags.concurrency,
  };
  const scan = await scanHere(db, request, {
    resume: !flags["no-resume"],
    onStart: (scanId, resumed) => {
      if (resumed)
        err.write(`ownerscope: resuming unfinished scan ${scanId} of s3://${flags.bucket}/${flags.prefix}\n`);
    },
    signal: controller.signal,
    onProgress: (s) => {
      const now = Date.now();
      if (tty) err.write(`\r\x1b[K${progressBar(s)} ${progressLine(s, startedAt)}`);
      else if (now - lastLine > 5_000) {
        err.write(`${progressLine(s, startedAt)}\n`);
        lastLine = now;
      }
    },
  });
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigint);
  if (tty) err.write("\r\x1b[K");

  if (scan.status !== "completed") {
    const why = scan.error ?? scan.status;
    err.write(`ownerscope: scan ${scan.id} of ${flags.bucket} did not complete: ${why}\n`);
    if (controller.signal.aborted) return 130;
    // Nothing could be listed: the bucket, the credentials or the endpoint are wrong, which the operator must fix.
    return scan.bucketOwnerId === null ? 2 : 1;
  }

  return printScan(db, scan, flags, err, out, startedAt);
}

type ScanFlags = ReturnType<typeof scanFlagsSchema.parse>;

/** `scan --inventory`: the report's rows instead of a listing, then the same output and exit status. */
async function inventoryCommand(db: Db, flags: ScanFlags, target: AwsTarget, err: Out, out: Out) {
  const startedAt = Date.now();
  const location = parseS3Url(flags.inventory!)!;
  const request = { connectionId: null, target, location, concurrency: flags.concurrency };
  const read = await inventoryScanHere(db, request, flags.bucket, (prepared) => {
    err.write(
      `ownerscope: reading the ${prepared.manifest.fileFormat} inventory report of ${reportDate(prepared.manifest)} (s3://${location.bucket}/${prepared.manifestKey})\n`,
    );
    if (prepared.missing.length > 0)
      err.write(
        `ownerscope: the report lacks ${prepared.missing.join(" and ")}: keys it leaves open are checked live\n`,
      );
  });
  if ("otherBucket" in read) {
    err.write(`ownerscope: that report is of bucket ${read.otherBucket}, not ${flags.bucket}\n`);
    return 2;
  }
  const { scan } = read;
  if (scan.status !== "completed") {
    err.write(
      `ownerscope: scan ${scan.id} of ${flags.bucket} did not complete: ${scan.error ?? scan.status}\n`,
    );
    return 1;
  }
  return printScan(db, scan, flags, err, out, startedAt);
}

async function printScan(db: Db, scan: ScanRecord, flags: ScanFlags, err: Out, out: Out, startedAt: number) {
  const posture = scan.posture;
  const summary = reportSummary(scan.byStatus, ownerCountsOf(db, scan.id));
  const output = chunkedWriter(out);
  if (flags.format === "json") {
    const head = {
      ...reportHeader(scan.bucket, scan.bucketOwnerId, posture),
      scanId: scan.id,
      mode: scan.mode,
      summary,
    };
    await output.push(`${JSON.stringify(head).slice(0, -1)},"objects":[`);
    let first = true;
    for (const f of findingsOf(db, scan.id)) {
      await output.push(`${first ? "" : ","}\n${JSON.stringify(reportObject(f, scan.versions))}`);
      first = false;
    }
    await output.push("\n]}\n");
  } else if (flags.format === "ndjson") {
    for (const f of findingsOf(db, scan.id))
      await output.push(`${JSON.stringify(reportObject(f, scan.versions))}\n`);
  } else {
    for (const f of findingsOf(db, scan.id)) {
      const o = reportObject(f, scan.versions);
      const version = scan.versions
        ? ` [${o.deleteMarker ? "delete marker " : ""}${o.versionId}${o.isLatest ? ", latest" : ""}]`
        : "";
      await output.push(
        `${o.status.padEnd(21)} ${(o.owner.id ?? "-").padEnd(24)} ${o.bucketOwnerAccess.padEnd(12)} ${formatBytes(o.size).padStart(9)}  ${o.key}${version}\n`,
      );
    }
    const parts = Object.entries(summary.byStatus)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    await output.push(
      `\n${countOf(summary.total, "object")} in s3://${scan.bucket}/${scan.prefix}: ${parts.join(", ") || "none"}\n`,
    );
  }
  await output.flush();
  const seconds = (Date.now() - startedAt) / 1000;
  err.write(
    `scan ${scan.id}: ${countOf(scan.classified, "object")}, ${foreignCount(scan.byStatus)} foreign-owned, ${countOf(scan.requests, "request")}` +
      ` (${scan.throttled} throttled) in ${seconds.toFixed(1)} s\n`,
  );
  for (const note of posture?.notes ?? []) err.write(`note: ${note}\n`);

  if (foreignCount(scan.byStatus) > 0) return 3;
  if (scan.byStatus.unknown > 0) {
    err.write(
      `ownerscope: ${countOf(scan.byStatus.unknown, "object")} could not be classified (see their reason)\n`,
    );
    return 1;
  }
  return 0;
}
