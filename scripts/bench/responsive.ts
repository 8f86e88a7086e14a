// npm run bench:responsive [-- --objects 200000 --foreign-share 0.01 --mode fast --concurrency 32]
// Does the server stay responsive while it scans? The production server scans N keys of the lab while a browser
// watches the scan as the bucket page does (the scan every second; its list, the first findings page and the folder
// totals every 2 s), and GET /api/auth/me is timed every 50 ms (a scan of 200,000 keys lasts about 11 s: at one probe
// every 200 ms its "p99" was the single slowest of 50 requests). Target: p99 under 50 ms. The same route on the idle
// server is the baseline, measured in the same run.
import { parseArgs } from "node:util";
import { fmt, latencyLine, latencyOf, runBench, verdict, writeArtifact } from "./report";
import { startBenchServer, type BenchServer } from "./server";
import { exists, seedGenerated } from "../lab/generate";
import { loadLab } from "../lab/lab-env";

const { values } = parseArgs({
  options: {
    objects: { type: "string", default: "200000" },
    "foreign-share": { type: "string", default: "0.01" },
    mode: { type: "string", default: "fast" },
    concurrency: { type: "string", default: "32" },
  },
});
const N = Number(values.objects);
const share = Number(values["foreign-share"]);
const mode = values.mode === "full" ? "full" : "fast";

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Times GET /api/auth/me every 50 ms until `done` says stop: each request's start (ms after `from`) and duration. */
async function probe(server: BenchServer, from: number, done: () => boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  while (!done()) {
    const started = performance.now();
    const r = await fetch(`${server.base}/api/auth/me`, { headers: { cookie: server.cookie } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`bench: /api/auth/me answered ${r.status}`);
    samples.push({ at: started - from, ms: performance.now() - started });
    await sleep(50);
  }
  return samples;
}

type Sample = { at: number; ms: number };
/** The slowest requests and when they started: what a p99 over a short scan is made of. */
const slowest = (samples: Sample[]) =>
  [...samples]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((s) => `${fmt(s.ms, 1)} ms at ${fmt(s.at / 1000, 1)} s`)
    .join(", ");

/** What the bucket page asks while a scan runs, at its intervals. */
async function watch(server: BenchServer, scanId: number, bucket: string, done: () => boolean) {
  for (let tick = 0; !done(); tick++) {
    const asks = [server.api("GET", `/api/scans/${scanId}`)];
    if (tick % 2 === 0)
      asks.push(
        server.api("GET", `/api/scans?${new URLSearchParams({ connectionId: "lab", bucket, limit: "20" })}`),
        server.api("GET", `/api/scans/${scanId}/findings?limit=500`),
        server.api("GET", `/api/scans/${scanId}/folders`),
      );
    await Promise.all(asks);
    await sleep(1_000);
  }
}

async function main() {
  const lab = loadLab();
  const bucket = `bench-scan-${N}-${Math.round(share * 10000)}`;
  if (!(await exists(lab.b, bucket))) {
    log(`seeding ${fmt(N)} keys into ${bucket} (${share * 100}% foreign)…`);
    await seedGenerated(lab, bucket, "k/", N, share);
  }
  const server = await startBenchServer(lab, log);
  try {
    let idleDone = false;
    const idleProbe = probe(server, performance.now(), () => idleDone);
    await sleep(10_000);
    idleDone = true;
    const idle = latencyOf((await idleProbe).map((s) => s.ms));

    const started = performance.now();
    const { scanId } = await server.api<{ scanId: number }>("POST", "/api/scans", {
      connectionId: "lab",
      bucket,
      mode,
      concurrency: Number(values.concurrency),
    });
    let scan = { status: "running", classified: 0 };
    const done = () => scan.status !== "running";
    const during = probe(server, started, done);
    const watching = watch(server, scanId, bucket, done);
    while (!done()) {
      await sleep(500);
      scan = await server.api("GET", `/api/scans/${scanId}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const [samples] = await Promise.all([during, watching]);
    const busy = latencyOf(samples.map((s) => s.ms));
    const figures = { objects: N, share, mode, scan: { ...scan, seconds }, idleMs: idle, duringScanMs: busy };
    writeArtifact("bench-responsive", figures);
    process.stdout.write(
      [
        `server responsiveness while it scans (${fmt(N)} keys, ${mode} mode, ${share * 100}% foreign, Ceph RGW lab)`,
        `scan: ${scan.status}, ${fmt(scan.classified)} keys in ${fmt(seconds, 1)} s`,
        `GET /api/auth/me every 50 ms, idle server: ${latencyLine(idle)}`,
        `the same during the scan, the bucket page watching: ${latencyLine(busy)} ` +
          `(target p99 < 50 ms: ${verdict(busy.p99 < 50)})`,
        `slowest during the scan (time after it started): ${slowest(samples)}`,
      ].join("\n") + "\n",
    );
    if (scan.status !== "completed" || scan.classified !== N)
      throw new Error("the scan did not cover the bucket");
  } finally {
    server.stop();
  }
}

runBench(main);
