// npm run bench:watch [-- --rate 50 --seconds 60]
// Event to alert, for real: the production server watches a new bucket through the lab gateway's push, with an
// alert rule (each new foreign object, at once) to a webhook served here; account A writes RATE objects a second
// without bucket-owner-full-control for SECONDS. Measured per object: from the start of its PutObject to the arrival
// of the alert that counts it (alerts count findings in the order they were checked; the n-th object counted is
// matched to the n-th written). Targets: p95 <= 5 s, no event lost (every write stored and alerted), the server's
// RSS bounded (its peak, against its idle size).
import { execFile, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  DeleteBucketCommand,
} from "@aws-sdk/client-s3";
import Database from "better-sqlite3";
import { fmt, runBench, verdict, writeArtifact } from "./report";
import { peakRssMb, startBenchServer } from "./server";
import { createSharedBucket } from "../lab/generate";
import { loadLab, type Lab } from "../lab/lab-env";
import type { AddressInfo } from "node:net";

const { values } = parseArgs({
  options: { rate: { type: "string", default: "50" }, seconds: { type: "string", default: "60" } },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const N = Math.round(RATE * SECONDS);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");

const cli = (dataDir: string, ...args: string[]) =>
  run(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/cli/main.ts", ...args, "--data-dir", dataDir],
    { cwd: repo },
  );

async function emptyAndRemove(lab: Lab, bucket: string) {
  for (;;) {
    const listed = await lab.b.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) break;
    await lab.b.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
  await lab.b.send(new DeleteBucketCommand({ Bucket: bucket }));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/**
 * Asks each URL in turn every 50 ms until `done` (or `ms` pass); answers each one's answer times. The server's health
 * route is asked alongside a trivial server's (a plain Node process that answers at once): on the same machine under
 * the same load, that one's times are the floor no server can go below.
 */
async function askEvery(urls: string[], done: () => boolean, ms: number): Promise<number[][]> {
  const times: number[][] = urls.map(() => []);
  const end = performance.now() + ms;
  while (!done() && performance.now() < end) {
    for (const [i, url] of urls.entries()) {
      const started = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      times[i]!.push(performance.now() - started);
    }
    await sleep(50);
  }
  return times;
}

/** A plain Node HTTP server in a process of its own, answering `{"ok":true}` at once. */
async function startTrivialServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, s) => { s.setHeader("content-type", "application/json"); s.end('{"ok":true}'); })
        .listen(0, "127.0.0.1", function () { console.log(this.address().port); });`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once("data", (d: Buffer) => resolve(String(d).trim())),
  );
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
};

async function main() {
  const lab = loadLab();
  log(`lab at ${lab.endpoint}; ${RATE} foreign writes a second for ${SECONDS} s (${N} objects)`);
  const alerts: { at: number; total: number }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      alerts.push({ at: performance.now(), total: (JSON.parse(body) as { total: number }).total });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const server = await startBenchServer(lab, log);
  const stops: (() => void)[] = [];
  const bucket = `bench-watch-${Date.now()}`;
  try {
    await createSharedBucket(lab, bucket);
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    await cli(
      server.dataDir,
      "alerts",
      "channel-add",
      "--name",
      "bench",
      "--webhook",
      hook,
      "--secret",
      "bench-secret-0123456789",
    );
    await cli(
      server.dataDir,
      "alerts",
      "rule-add",
      "--connection",
      "lab",
      "--bucket",
      bucket,
      "--channel",
      "bench",
    );
    // Set up as an admin would (the bench's user is an operator): the CLI, on the server's database.
    await cli(
      server.dataDir,
      "watch",
      "setup",
      "--connection",
      "lab",
      "--bucket",
      bucket,
      "--apply",
      "--url",
      server.base,
    );
    const idleMb = peakRssMb(server.process.pid!);
    // The request thread: /api/health asked every 50 ms, first on a quiet server (the same run's baseline), then
    // all through the burst and its checks.
    const trivial = await startTrivialServer();
    stops.push(trivial.stop);
    const urls = [`${server.base}/api/health`, trivial.url];
    const [quietHealth, quietTrivial] = await askEvery(urls, () => false, 3_000);
    let burstOver = false;

    // The writes, on a fixed schedule (a slow PutObject does not delay the next one).
    const startedAt: number[] = new Array(N);
    const t0 = performance.now();
    const writes: Promise<unknown>[] = [];
    const burstHealth = askEvery(urls, () => burstOver, 600_000);
    for (let i = 0; i < N; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      startedAt[i] = performance.now();
      writes.push(
        lab.a.send(
          new PutObjectCommand({ Bucket: bucket, Key: `bench/${String(i).padStart(6, "0")}`, Body: "x" }),
        ),
      );
    }
    await Promise.all(writes);
    const writeSeconds = (performance.now() - t0) / 1000;
    const alerted = () => alerts.reduce((sum, a) => sum + a.total, 0);
    const deadline = performance.now() + 60_000;
    while (alerted() < N && performance.now() < deadline) await sleep(100);
    burstOver = true;
    const [burstServer, burstTrivial] = await burstHealth;
    const health = {
      quiet: summary(quietHealth!),
      burst: summary(burstServer!),
      trivialQuiet: summary(quietTrivial!),
      trivialBurst: summary(burstTrivial!),
    };
    const peakMb = peakRssMb(server.process.pid!);

    // The n-th object alerted is matched to the n-th written.
    const latencies: number[] = [];
    let counted = 0;
    for (const a of [...alerts].sort((x, y) => x.at - y.at)) {
      for (let k = 0; k < a.total && counted < N; k++, counted++) latencies.push(a.at - startedAt[counted]!);
    }
    latencies.sort((x, y) => x - y);
    const db = new Database(path.join(server.dataDir, "ownerscope.db"), { readonly: true });
    const stored = db
      .prepare("SELECT count(*) AS n, sum(state = 'checked') AS checked FROM watch_events WHERE bucket = ?")
      .get(bucket) as { n: number; checked: number };
    db.close();
    const lost = N - stored.n;
    const figures = {
      objects: N,
      rate: RATE,
      writeSeconds,
      eventsStored: stored.n,
      eventsChecked: stored.checked,
      alerts: alerts.length,
      objectsAlerted: alerted(),
      latencyMs: {
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        max: latencies.at(-1) ?? NaN,
      },
      eventsLost: lost,
      rssMb: { idle: idleMb, peak: peakMb },
      healthMs: health,
    };
    writeArtifact("bench-watch", figures);
    const p95s = figures.latencyMs.p95 / 1000;
    process.stdout.write(
      [
        `${fmt(N)} foreign writes at ${fmt(RATE)}/s (${fmt(writeSeconds, 1)} s): ${fmt(stored.n)} events stored, ${fmt(stored.checked)} checked, ${fmt(alerted())} objects alerted in ${fmt(alerts.length)} alerts`,
        `event to alert: p50 ${fmt(figures.latencyMs.p50 / 1000, 2)} s, p95 ${fmt(p95s, 2)} s, max ${fmt(figures.latencyMs.max / 1000, 2)} s (target p95 <= 5 s: ${verdict(p95s <= 5)})`,
        `events lost: ${fmt(lost)}; objects not alerted: ${fmt(N - alerted())} (target 0: ${verdict(lost === 0 && alerted() === N)})`,
        `server RSS: idle ${fmt(idleMb)} MB, peak ${fmt(peakMb)} MB (target <= 250 MB: ${verdict(peakMb <= 250)})`,
        `GET /api/health while the burst is checked: p50 ${fmt(health.burst.p50, 1)} ms, p99 ${fmt(health.burst.p99, 1)} ms over ${fmt(health.burst.n)} requests; quiet server, same run: p50 ${fmt(health.quiet.p50, 1)} ms, p99 ${fmt(health.quiet.p99, 1)} ms (target p99 <= 50 ms: ${verdict(health.burst.p99 <= 50)})`,
        `a trivial Node server asked alongside (the machine's floor under the same load): burst p50 ${fmt(health.trivialBurst.p50, 1)} ms, p99 ${fmt(health.trivialBurst.p99, 1)} ms; quiet p99 ${fmt(health.trivialQuiet.p99, 1)} ms; ratio of p99s under the burst ${fmt(health.burst.p99 / health.trivialBurst.p99, 2)}`,
      ].join("\n") + "\n",
    );
  } finally {
    for (const stop of stops) stop();
    server.stop();
    receiver.close();
    await emptyAndRemove(lab, bucket).catch(() => undefined);
  }
}

runBench(main);
