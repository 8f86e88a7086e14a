// bench:scan, the whole command: `ownerscope scan --mode fast --format json` as a CI job runs it, against the raw
// floor run as a command too (scripts/bench/raw-fast.mjs). Each is also timed on a one-key bucket, the same way, and
// that time (Node's start, module loading, the first requests) is taken off: what is left is the scan's own cost.
// Three alternated rounds; medians.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, verdict } from "./report";
import type { Lab } from "../lab/lab-env";

const repo = path.resolve(import.meta.dirname, "../..");

/** Runs a command to its end, its output thrown away; the wall time in seconds. Exit statuses in `ok` pass. */
function timedCommand(args: string[], ok: number[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repo, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk) => (err = (err + chunk).slice(-2000)));
    child.on("error", reject);
    child.on("close", (code) =>
      ok.includes(code ?? -1)
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${args.join(" ")} exited ${code}: ${err}`)),
    );
  });
}

function ownerscopeScan(lab: Lab, bucket: string, concurrency: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-bench-cli-"));
  const args = ["scripts/ownerscope.mjs", "scan", "--bucket", bucket, "--mode", "fast", "--format", "json"];
  args.push("--profile", lab.roles.audit.profile, "--endpoint-url", lab.endpoint, "--region", "us-east-1");
  args.push("--concurrency", String(concurrency), "--data-dir", dataDir, "--no-resume");
  // 3: foreign-owned keys found, which is what the benchmark's bucket holds.
  return timedCommand(args, [0, 3]).finally(() => fs.rmSync(dataDir, { recursive: true, force: true }));
}

const rawFloor = (bucket: string, concurrency: number) =>
  timedCommand(["scripts/bench/raw-fast.mjs", bucket, String(concurrency)], [0]);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function wholeCommands(
  lab: Lab,
  bucket: string,
  oneKey: string,
  keys: number,
  concurrency: number,
) {
  const runs = {
    floor: [] as number[],
    floorStart: [] as number[],
    scan: [] as number[],
    scanStart: [] as number[],
  };
  for (let i = 0; i < 3; i++) {
    runs.floorStart.push(await rawFloor(oneKey, concurrency));
    runs.floor.push(await rawFloor(bucket, concurrency));
    runs.scanStart.push(await ownerscopeScan(lab, oneKey, concurrency));
    runs.scan.push(await ownerscopeScan(lab, bucket, concurrency));
  }
  const floor = median(runs.floor) - median(runs.floorStart);
  const scan = median(runs.scan) - median(runs.scanStart);
  const lines = [
    `whole command, start-up taken off (one-key bucket: scan ${fmt(median(runs.scanStart), 2)} s, floor ${fmt(median(runs.floorStart), 2)} s):`,
    `  ownerscope scan --mode fast --format json: ${fmt(keys / scan)} keys/s (${fmt(scan, 2)} s net, median of 3)`,
    `  raw floor command: ${fmt(keys / floor)} keys/s (${fmt(floor, 2)} s net)`,
    `  command / floor: ${fmt(floor / scan, 2)}x (target >= 0.85x: ${verdict(floor / scan >= 0.85)})`,
  ];
  return { lines, runs, ratio: floor / scan };
}
