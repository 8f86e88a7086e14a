// npm run bench:plan [-- --findings N]
// The dry run of "Fix all matching" on a whole scan, through the production server as `npm start` runs it (heap
// capped as it ships): a completed scan of N findings (default 1,000,000; 90% foreign, some with a third party's
// or a public grant) is written straight into the server's database (scripts/lab/synthetic-scan.ts), then
// POST /api/fixes/plan with the foreign filter. Measured: the answer's time and the server's peak RSS, against the
// raw limit in the same run (reading the same rows from SQLite in this process), and that the server still answers
// afterwards.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "@/lib/db";
import { fmt, latencyOf, runBench, writeArtifact } from "./report";
import { startBenchServer } from "./server";
import { loadLab } from "../lab/lab-env";
import { writeSyntheticScan } from "../lab/synthetic-scan";

const { values } = parseArgs({ options: { findings: { type: "string", default: "1000000" } } });
const N = Number(values.findings);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

async function main() {
  const lab = loadLab();
  const server = await startBenchServer(lab, log);
  const pid = server.process.pid!;
  try {
    const db = openDb(path.join(server.dataDir, "ownerscope.db"));
    const b = lab.bucketOwner.canonicalId;
    log(`writing a completed scan of ${fmt(N)} findings…`);
    const { scanId } = writeSyntheticScan(db, {
      connectionId: "lab",
      bucket: "bench-plan",
      findings: N,
      owners: { bucketOwner: b, writer: lab.writer.canonicalId, thirdParty: lab.thirdParty.canonicalId },
    });

    // The raw limit: the same foreign rows read from SQLite, in this process.
    let started = performance.now();
    let rows = 0;
    const raw = db.prepare(
      "SELECT key, grants_json FROM findings WHERE scan_id = ? AND owner_id IS NOT ? ORDER BY key",
    );
    for (const row of raw.iterate(scanId, b) as Iterable<{ grants_json: string }>)
      if (JSON.parse(row.grants_json)) rows++;
    const rawSeconds = (performance.now() - started) / 1000;

    const before = memoryOf(pid);
    let peakMb = before.rssMb;
    const sampler = setInterval(() => {
      try {
        peakMb = Math.max(peakMb, memoryOf(pid).rssMb);
      } catch {
        // The server is gone: reported below.
      }
    }, 50);
    // A cheap route asked every 50 ms while the plan runs: how long the plan keeps other requests waiting.
    const cheap: number[] = [];
    let planning = true;
    const prober = (async () => {
      while (planning) {
        const t = performance.now();
        await fetch(`${server.base}/api/health`).catch(() => undefined);
        cheap.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    started = performance.now();
    type Plan = { totals: { objects: number; toFix: number; grants: { grant: string; objects: number }[] } };
    const plan = await server
      .api<Plan & { objects: unknown[] }>("POST", "/api/fixes/plan", {
        connectionId: "lab",
        scanId,
        filter: {},
      })
      .catch(async (error: Error) => {
        const me = await fetch(`${server.base}/api/auth/me`, { headers: { cookie: server.cookie } }).then(
          (r) => r.status,
          (e: Error) => String(e.cause ?? e),
        );
        throw new Error(
          `${error.message} after ${fmt((performance.now() - started) / 1000, 1)} s; the server then answers: ${me}`,
        );
      });
    const planSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    planning = false;
    await prober;
    const cheapMs = latencyOf(cheap);
    const alive = await fetch(`${server.base}/api/auth/me`, { headers: { cookie: server.cookie } }).then(
      (r) => r.status,
      () => 0,
    );
    // The browser filtering the same scan: counts with a text filter and folder totals, four at a time for 10 s,
    // while the cheap route is asked every 50 ms.
    const filtered: number[] = [];
    const health: number[] = [];
    const until = performance.now() + 10_000;
    const filtering = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const q = `object-${String((w * 7919 + i * 104729) % 1000).padStart(3, "0")}`;
        const t = performance.now();
        await server.api("GET", `/api/scans/${scanId}/findings?${new URLSearchParams({ q, limit: "500" })}`);
        await server.api("GET", `/api/scans/${scanId}/folders?${new URLSearchParams({ q })}`);
        filtered.push(performance.now() - t);
      }
    });
    const probing = (async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await fetch(`${server.base}/api/health`).catch(() => undefined);
        health.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await Promise.all([...filtering, probing]);
    const whileFiltering = { filterPairMs: latencyOf(filtered), healthMs: latencyOf(health) };
    const after = memoryOf(pid);
    const figures = {
      findings: N,
      foreignRows: rows,
      planned: plan.totals.objects,
      toFix: plan.totals.toFix,
      objectsListed: plan.objects.length,
      grantTotals: plan.totals.grants,
      planSeconds,
      rawSqliteSeconds: rawSeconds,
      ratioToRaw: planSeconds / rawSeconds,
      serverRssBeforeMb: before.rssMb,
      serverRssPeakDuringMb: peakMb,
      serverPeakRssMb: after.peakMb,
      serverAnswersAfter: alive,
      cheapRouteDuringPlanMs: cheapMs,
      whileFiltering,
    };
    writeArtifact("bench-plan", figures);
    log(
      `plan of ${fmt(plan.totals.objects)} foreign findings (${fmt(plan.totals.toFix)} to fix, ${plan.objects.length} listed): ` +
        `${fmt(planSeconds, 2)} s; the same rows read raw from SQLite: ${fmt(rawSeconds, 2)} s (${fmt(planSeconds / rawSeconds, 1)}x)`,
    );
    log(
      `server RSS ${fmt(before.rssMb)} MB before, ${fmt(peakMb)} MB at most during the plan (peak since start ` +
        `${fmt(after.peakMb)} MB); /api/auth/me afterwards: ${alive}`,
    );
    log(
      `GET /api/health every 50 ms meanwhile (${cheapMs.requests}): p50 ${fmt(cheapMs.p50, 1)} ms, p99 ` +
        `${fmt(cheapMs.p99, 1)} ms, max ${fmt(cheapMs.max, 1)} ms`,
    );
    for (const g of plan.totals.grants) log(`  ${fmt(g.objects)} objects: ${g.grant}`);
    const { filterPairMs: f, healthMs: h } = whileFiltering;
    log(
      `browser filtering (findings with a text filter + folders, 4 at a time, 10 s): ${f.requests} pairs, p50 ` +
        `${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms; GET /api/health meanwhile: p50 ${fmt(h.p50, 1)} ms, p99 ` +
        `${fmt(h.p99, 1)} ms, max ${fmt(h.max, 1)} ms`,
    );
    if (plan.totals.objects !== rows || alive !== 200)
      throw new Error("the plan did not cover every row, or the server died");
    db.close();
  } finally {
    server.stop();
  }
}

runBench(main);
