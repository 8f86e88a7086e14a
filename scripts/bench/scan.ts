// npm run bench:scan [-- --objects N --foreign-share F --concurrency C --cli-sample K --rss-objects M --fast-only
//                        --latency-ms L [--browser]]
// Measures the audit engine against its peers in one run, on the lab: a raw SDK GetObjectAcl loop (the ceiling),
// `fast` against `full`, the aws CLI one key at a time, and the web server's peak RSS while it scans M keys.
// --fast-only compares fast mode with its raw loop alone (what a large --objects can afford). --latency-ms L then runs
// the listing contenders at a distant endpoint's latency (scripts/bench/scan-latency.ts), and --browser watches a
// fast scan's progress there in Chromium (scripts/bench/scan-progress.ts).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { GetObjectAclCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { openDb } from "@/lib/db";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import { rawFastLoop } from "./raw-fast";
import { fmt, runBench, verdict, writeArtifact } from "./report";
import { wholeCommands } from "./scan-command";
import { bisectionLister, latencyLines, rawClientOf, singleStream, type LatencyReport } from "./scan-latency";
import { parseCost, parseLines } from "./scan-parse";
import { progressInBrowser, progressLines } from "./scan-progress";
import { peakRssMb, scanThroughApi, startBenchServer } from "./server";
import { exists, pool, seedGenerated } from "../lab/generate";
import { loadLab, type Lab } from "../lab/lab-env";
import { startLatencyProxy } from "../lab/latency-proxy";

const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    objects: { type: "string", default: "20000" },
    "foreign-share": { type: "string", default: "0.01" },
    concurrency: { type: "string", default: "32" },
    "cli-sample": { type: "string", default: "200" },
    "rss-objects": { type: "string", default: "200000" },
    "rss-only": { type: "boolean", default: false },
    "fast-only": { type: "boolean", default: false },
    "latency-ms": { type: "string", default: "0" },
    browser: { type: "boolean", default: false },
  },
});
const N = Number(values.objects);
const share = Number(values["foreign-share"]);
const C = Number(values.concurrency);
const cliSample = Number(values["cli-sample"]);
const rssObjects = Number(values["rss-objects"]);
const latencyMs = Number(values["latency-ms"]);

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function ensureKeys(lab: Lab, count: number): Promise<string> {
  const bucket = `bench-scan-${count}-${Math.round(share * 10000)}`;
  if (!(await exists(lab.b, bucket))) {
    log(`seeding ${count} keys into ${bucket} (${share * 100}% foreign)…`);
    await seedGenerated(lab, bucket, "k/", count, share);
  }
  return bucket;
}

/** A plain SDK client as the read role, sockets sized to C: what the raw loops send through. */
const rawClient = (lab: Lab) => rawClientOf(lab, C);

/** The ceiling: list with the SDK, then GetObjectAcl for every key, C at a time, nothing else. */
async function rawCeiling(lab: Lab, bucket: string) {
  const client = rawClient(lab);
  const started = performance.now();
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token, FetchOwner: true }),
    );
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  await pool(keys, C, async (key) => {
    await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  });
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  return { keys: keys.length, seconds, keysPerSecond: keys.length / seconds };
}

/** The ceiling for fast mode: what it must do and nothing else (scripts/bench/raw-fast.ts). */
const rawFastCeiling = (lab: Lab, bucket: string) => rawFastLoop(lab, bucket, C);

/** Counts the listing pages the scan's own client sends (the client the scan runner takes from s3For). */
function countListingPages(target: AwsTarget) {
  const client = s3For(target, { maxSockets: C, maxAttempts: 1 });
  let pages = 0;
  const name = "benchListingPages";
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === "ListObjectsV2Command") pages++;
      return next(args);
    },
    { step: "initialize", name },
  );
  return {
    stop: () => {
      client.middlewareStack.remove(name);
      return pages;
    },
  };
}

async function engine(lab: Lab, bucket: string, mode: "full" | "fast") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-bench-"));
  const db = openDb(path.join(dir, "ownerscope.db"));
  const { scanId } = prepareScan(
    db,
    {
      connectionId: null,
      target: lab.target(lab.roles.audit.profile),
      bucket,
      prefix: "",
      mode,
      versions: false,
      concurrency: C,
    },
    false,
  );
  const pages = countListingPages(lab.target(lab.roles.audit.profile));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const scan = await runScan(db, scanId);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (scan.status !== "completed") throw new Error(`${mode} scan ended ${scan.status}: ${scan.error}`);
  return {
    keys: scan.classified,
    seconds,
    keysPerSecond: scan.classified / seconds,
    requests: scan.requests,
    cpuMs: (used.user + used.system) / 1000,
    pages: pages.stop(),
  };
}

async function awsCliLoop(lab: Lab, bucket: string) {
  try {
    await run("aws", ["--version"]);
  } catch {
    return null;
  }
  // As B's user: aws CLI v1 cannot assume the lab's role (its STS error parsing fails on RGW's XML). A 403 on a
  // foreign key is the CLI's answer for "locked", not a benchmark failure.
  let denied = 0;
  const keys = Array.from(
    { length: cliSample },
    (_, i) => `k/${String(i).padStart(String(N - 1).length, "0")}.dat`,
  );
  const started = performance.now();
  for (const key of keys) {
    await run(
      "aws",
      [
        "s3api",
        "get-object-acl",
        "--bucket",
        bucket,
        "--key",
        key,
        "--profile",
        lab.bucketOwner.profile,
        "--endpoint-url",
        lab.endpoint,
      ],
      { env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" } },
    ).catch(() => denied++);
  }
  const seconds = (performance.now() - started) / 1000;
  return { keys: keys.length, denied, seconds, keysPerSecond: keys.length / seconds };
}

async function serverPeakRss(lab: Lab, bucket: string) {
  const server = await startBenchServer(lab, log);
  try {
    const idle = peakRssMb(server.process.pid!);
    const scan = await scanThroughApi(server, { bucket, mode: "full", concurrency: C });
    return {
      keys: scan.classified,
      status: scan.status,
      seconds: scan.seconds,
      idleMb: idle,
      peakMb: peakRssMb(server.process.pid!),
    };
  } finally {
    server.stop();
  }
}

const median = <T extends { keysPerSecond: number }>(runs: T[]) =>
  [...runs].sort((a, b) => a.keysPerSecond - b.keysPerSecond)[Math.floor(runs.length / 2)]!;

/** The listing contenders through the latency proxy, alternated three times (seeding goes direct). */
async function atLatency(direct: Lab) {
  const bucket = await ensureKeys(direct, N);
  const proxy = await startLatencyProxy(direct.endpoint, latencyMs);
  const lab: Lab = {
    ...direct,
    endpoint: proxy.url,
    target: (p) => ({ ...direct.target(p), endpointUrl: proxy.url }),
  };
  try {
    await engine(lab, bucket, "fast");
    const runs = { single: [] as Run[], bisection: [] as Run[], fast: [] as EngineRun[] };
    for (let i = 0; i < 3; i++) {
      runs.single.push(await singleStream(lab, bucket));
      runs.bisection.push(await bisectionLister(lab, bucket, C));
      runs.fast.push(await engine(lab, bucket, "fast"));
      log(`round ${i + 1}: ${runs.fast.at(-1)!.keysPerSecond.toFixed(0)} keys/s fast`);
    }
    const fast = median(runs.fast);
    const report: LatencyReport = {
      single: median(runs.single),
      bisection: median(runs.bisection),
      fast,
      full: values["fast-only"] ? null : await engine(lab, bucket, "full"),
    };
    const title = `Ownerscope listing at latency (${N} keys, ${share * 100}% foreign, concurrency ${C}, Ceph RGW lab, ${os.cpus().length} cores)`;
    const parse = parseLines(await parseCost(direct, bucket), fast);
    const browser = values.browser
      ? progressLines(await progressInBrowser(direct, proxy.url, bucket, log), N)
      : [];
    process.stdout.write(`${[...latencyLines(report, latencyMs, title), ...parse, ...browser].join("\n")}\n`);
    writeArtifact("bench-scan-latency", { N, share, C, latencyMs, report, runs });
  } finally {
    proxy.close();
  }
}
type Run = { keys: number; seconds: number; keysPerSecond: number };
type EngineRun = Awaited<ReturnType<typeof engine>>;

/** The lab's own figures (no latency added): fast against its raw loop and the whole command, and more. */
async function labRun(lab: Lab) {
  log(
    `lab at ${lab.endpoint}; ${N} keys, ${share * 100}% foreign, concurrency ${C}, ${os.cpus().length} cores`,
  );
  if (values["rss-only"]) {
    const rss = await serverPeakRss(lab, await ensureKeys(lab, rssObjects));
    process.stdout.write(
      `server (npm start) full scan of ${fmt(rss.keys)} keys: ${rss.status} in ${fmt(rss.seconds, 1)} s, peak RSS ${fmt(rss.peakMb)} MB (idle ${fmt(rss.idleMb)} MB; target <= 250 MB: ${verdict(rss.peakMb <= 250)})\n`,
    );
    return;
  }
  const bucket = await ensureKeys(lab, N);
  // Warm up the gateway and the role session once, so no measurement pays for it.
  await engine(lab, bucket, "fast");

  // Fast mode and its own ceiling, alternated three times: the medians are compared.
  const fastRuns: Awaited<ReturnType<typeof engine>>[] = [];
  const rawFastRuns: Awaited<ReturnType<typeof rawFastCeiling>>[] = [];
  for (let i = 0; i < 3; i++) {
    rawFastRuns.push(await rawFastCeiling(lab, bucket));
    fastRuns.push(await engine(lab, bucket, "fast"));
  }
  const fast = median(fastRuns);
  const rawFast = median(rawFastRuns);
  const fastLines = [
    `fast scan:  ${fmt(fast.keysPerSecond)} keys/s (${fmt(fast.seconds, 1)} s, ${fmt(fast.requests)} requests)`,
    `raw fast loop (listing with owners + GetObjectAcl of foreign keys, no storage): ${fmt(rawFast.keysPerSecond)} keys/s (median of 3)`,
    `fast / raw fast: ${fmt(fast.keysPerSecond / rawFast.keysPerSecond, 2)}x (target >= 0.85x: ${verdict(fast.keysPerSecond >= 0.85 * rawFast.keysPerSecond)})`,
  ];
  log("the cost of reading a listing page…");
  fastLines.push(...parseLines(await parseCost(lab, bucket), fast));
  log("the whole command and the raw floor command, three rounds…");
  const whole = await wholeCommands(lab, bucket, await ensureKeys(lab, 1), N, C);
  fastLines.push(...whole.lines);
  const title = `Ownerscope scan benchmark (${N} keys, ${share * 100}% foreign, concurrency ${C}, Ceph RGW lab, ${os.cpus().length} cores)`;
  if (values["fast-only"]) {
    process.stdout.write(`${[title, ...fastLines].join("\n")}\n`);
    writeArtifact("bench-scan-fast", { N, share, C, fast, rawFast, fastRuns, rawFastRuns, whole });
    return;
  }
  const ceiling = await rawCeiling(lab, bucket);
  const full = await engine(lab, bucket, "full");
  log(`aws CLI loop over ${cliSample} keys…`);
  const cli = cliSample > 0 ? await awsCliLoop(lab, bucket) : null;
  let rss: Awaited<ReturnType<typeof serverPeakRss>> | null = null;
  if (rssObjects > 0) {
    const big = await ensureKeys(lab, rssObjects);
    log(`server scan of ${rssObjects} keys for peak RSS…`);
    rss = await serverPeakRss(lab, big);
  }

  const lines = [
    title,
    `raw SDK GetObjectAcl loop (ceiling): ${fmt(ceiling.keysPerSecond)} keys/s (${fmt(ceiling.seconds, 1)} s)`,
    `full scan:  ${fmt(full.keysPerSecond)} keys/s (${fmt(full.seconds, 1)} s, ${fmt(full.requests)} requests)`,
    `full / ceiling: ${fmt(full.keysPerSecond / ceiling.keysPerSecond, 2)}x (target >= 0.9x: ${verdict(full.keysPerSecond >= 0.9 * ceiling.keysPerSecond)})`,
    ...fastLines,
    `fast / full: ${fmt(fast.keysPerSecond / full.keysPerSecond, 1)}x keys/s (target >= 15x: ${verdict(fast.keysPerSecond >= 15 * full.keysPerSecond)}), ` +
      `1/${fmt(full.requests / fast.requests, 0)} of the requests (target <= 1/50: ${verdict(fast.requests * 50 <= full.requests)})`,
    cli
      ? `aws CLI get-object-acl loop: ${fmt(cli.keysPerSecond, 2)} keys/s over ${cli.keys} keys; full / CLI: ${fmt(full.keysPerSecond / cli.keysPerSecond)}x (target >= 300x: ${verdict(full.keysPerSecond >= 300 * cli.keysPerSecond)})`
      : "aws CLI: not installed, comparison skipped",
    rss
      ? `server (npm start) full scan of ${fmt(rss.keys)} keys: ${rss.status} in ${fmt(rss.seconds, 1)} s, peak RSS ${fmt(rss.peakMb)} MB (idle ${fmt(rss.idleMb)} MB; target <= 250 MB: ${verdict(rss.peakMb <= 250)})`
      : "server RSS: skipped (--rss-objects 0)",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  writeArtifact("bench-scan", {
    N,
    share,
    C,
    ceiling,
    full,
    fast,
    rawFast,
    fastRuns,
    rawFastRuns,
    whole,
    cli,
    rss,
  });
}

/** One run: the lab's figures, then (with --latency-ms) the same bucket at a distant endpoint's latency. */
async function main() {
  const lab = loadLab();
  await labRun(lab);
  if (latencyMs > 0) await atLatency(lab);
}

runBench(main);
