// npm run bench:inventory [-- --rows N --live-objects M --foreign-share F]
// S3 Inventory ingest against a live scan, in one run on the lab: a report of N rows (default 1,000,000; CSV.gz and
// Parquet) is ingested into a fresh store, timed, with the process's peak memory; then the same M keys (default
// 100,000, seeded for real) are audited both by a live `fast` scan and by ingesting a report of them.
// Target: a million-row report in well under a minute, memory flat.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "@/lib/db";
import { getScan } from "@/lib/db/scans";
import { prepareInventoryScan, runInventoryScan } from "@/lib/jobs/inventory";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import { fmt, measured, runBench, verdict, writeArtifact } from "./report";
import { createSharedBucket, exists, seedGenerated } from "../lab/generate";
import { syntheticRows, writeReport } from "../lab/inventory";
import { loadLab, type Lab } from "../lab/lab-env";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    "live-objects": { type: "string", default: "100000" },
    "foreign-share": { type: "string", default: "0.05" },
  },
});
const N = Number(values.rows);
const M = Number(values["live-objects"]);
const share = Number(values["foreign-share"]);
const DEST = "inventory-bench";
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function ingest(lab: Lab, manifestKey: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-bench-inventory-"));
  const db = openDb(path.join(dir, "ownerscope.db"));
  try {
    const request = {
      connectionId: null,
      target: lab.target(lab.roles.audit.profile),
      location: { bucket: DEST, key: manifestKey },
      concurrency: 32,
    };
    const run = await measured(async () => {
      const prepared = await prepareInventoryScan(db, request);
      await runInventoryScan(db, request, prepared);
      return getScan(db, prepared.scanId)!;
    });
    if (run.result.status !== "completed")
      throw new Error(`ingest ended ${run.result.status}: ${run.result.error}`);
    return run;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function liveFast(lab: Lab, bucket: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-bench-inventory-"));
  const db = openDb(path.join(dir, "ownerscope.db"));
  try {
    const target = lab.target(lab.roles.audit.profile);
    const run = await measured(async () => {
      const { scanId } = prepareScan(
        db,
        { connectionId: null, target, bucket, prefix: "", mode: "fast", versions: false, concurrency: 32 },
        false,
      );
      return runScan(db, scanId);
    });
    return run;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const lab = loadLab();
  const results: Record<string, unknown> = {};
  const lines: string[] = [];

  // 1. A million-row report, each format.
  const source = `bench-inventory-${N}`;
  // The report's bucket must exist (its posture is read live); its keys need not.
  if (!(await exists(lab.b, source))) await createSharedBucket(lab, source);
  for (const format of ["CSV", "Parquet"] as const) {
    log(`writing a ${fmt(N)}-row ${format} report…`);
    const written = performance.now();
    const key = await writeReport(lab, source, DEST, `${format}-${N}/`, syntheticRows(lab, N, share), {
      format,
      rowsPerFile: 100_000,
    });
    log(`written in ${((performance.now() - written) / 1000).toFixed(1)} s; ingesting…`);
    const run = await ingest(lab, key);
    results[`ingest${format}`] = { rows: run.result.classified, ...run, result: undefined };
    lines.push(
      `  ${format.padEnd(7)} report, ${fmt(N)} rows: ${run.seconds.toFixed(1)} s = ${fmt(run.result.classified / run.seconds)} rows/s, ` +
        `${run.result.requests} requests, memory: RSS +${run.rssGrowthMb.toFixed(0)} MB, heap +${run.heapGrowthMb.toFixed(0)} MB at peak (target well under 60 s: ${verdict(run.seconds < 60)})`,
    );
  }

  // 2. The same keys, live and from a report.
  const bucket = `bench-ui-${M}-${Math.round(share * 10000)}`;
  if (!(await exists(lab.b, bucket))) {
    log(`seeding ${fmt(M)} keys into ${bucket} (${share * 100}% foreign)…`);
    await seedGenerated(lab, bucket, "k/", M, share);
  }
  log(`live fast scan of ${bucket}…`);
  const live = await liveFast(lab, bucket);
  // The report a real Inventory would deliver for those keys: same keys, owners and ACLs (owner FULL_CONTROL only).
  const key = await writeReport(lab, bucket, DEST, `same-keys/`, syntheticRows(lab, M, share), {
    format: "CSV",
    rowsPerFile: 100_000,
  });
  const fromReport = await ingest(lab, key);
  const same =
    live.result.classified === fromReport.result.classified &&
    JSON.stringify(live.result.byStatus) === JSON.stringify(fromReport.result.byStatus);
  results.sameKeys = { keys: M, liveSeconds: live.seconds, reportSeconds: fromReport.seconds, same };
  lines.push(
    `  same ${fmt(M)} keys: live fast scan ${live.seconds.toFixed(1)} s (${live.result.requests} requests), ` +
      `report ${fromReport.seconds.toFixed(1)} s (${fromReport.result.requests} requests): ${(live.seconds / fromReport.seconds).toFixed(1)}x faster; ` +
      `statuses ${same ? "identical" : "DIFFER"} (${JSON.stringify(fromReport.result.byStatus)})`,
  );

  writeArtifact("bench-inventory", results);
  console.log(`inventory ingest, ${os.cpus().length} cores`);
  for (const l of lines) console.log(l);
  if (!same) process.exitCode = 1;
}

runBench(main);
