import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Db } from "@/lib/db";
import { finishScan, getScan, holdScan, requestCancel, scansMarkedRunning } from "@/lib/db/scans";
import { runInventoryScan, type InventoryRequest, type PreparedInventory } from "@/lib/jobs/inventory";
import { runScan } from "@/lib/jobs/scan-runner";
import { runnerIsGone } from "@/lib/jobs/scans";

export type ScanJob =
  | { kind: "live"; scanId: number }
  | { kind: "inventory"; request: InventoryRequest; prepared: PreparedInventory };
/** What the thread runs: a scan, or a reading of logs for evidence (lib/jobs/evidence-job.ts). */
export type ThreadJob = ScanJob | { kind: "evidence"; jobId: number } | { kind: "fleet"; runId: number };

// Each scan thread's heap: a scan holds a bounded queue and one batch of rows, whatever the bucket's size.
const THREAD_HEAP_MB = 96;

/**
 * A worker thread running one of the repository's scripts (scripts/NAME), with its own heap bound. The script is
 * loaded from the repository as it is, TypeScript and all, never bundled: the thread's one line of code imports it.
 */
export function repoThread(script: string, workerData: unknown, heapMb: number): Worker {
  const entry = pathToFileURL(path.join(process.cwd(), "scripts", script)).href;
  return new Worker(`import(${JSON.stringify(entry)})`, {
    eval: true,
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
}

/**
 * Runs a scan in a worker thread of its own (scripts/scan-thread.mjs), so that parsing a million listed keys and
 * writing their findings keeps no request waiting. `cancel` stops it at once (the scan's cancel flag, set in the
 * database first, says how it ended).
 */
export function runInThread(db: Db, job: ThreadJob): { done: Promise<void>; cancel: () => void } {
  const worker = repoThread("scan-thread.mjs", { file: db.name, job }, THREAD_HEAP_MB);
  const done = new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`the scan thread exited with code ${code}`)),
    );
  });
  return { done, cancel: () => worker.postMessage("cancel") };
}

/** The same, on this thread: an in-memory database (tests) cannot be opened from another. */
function runHere(db: Db, job: ScanJob): { done: Promise<unknown>; cancel: () => void } {
  const controller = new AbortController();
  const done =
    job.kind === "live"
      ? runScan(db, job.scanId, { signal: controller.signal })
      : runInventoryScan(db, job.request, job.prepared, { signal: controller.signal });
  return { done, cancel: () => controller.abort(new Error("cancelled")) };
}

// Scans this process runs in the background (the web server), so that a cancel can reach them at once.
const globalForScans = globalThis as unknown as { ownerscopeRunningScans?: Map<number, () => void> };
const running = (globalForScans.ownerscopeRunningScans ??= new Map());

const scanIdOf = (job: ScanJob) => (job.kind === "live" ? job.scanId : job.prepared.scanId);

/** Runs a scan without waiting for it; progress lives in the database. A run that dies leaves no scan "running". */
export function runInBackground(db: Db, job: ScanJob): void {
  const scanId = scanIdOf(job);
  if (running.has(scanId)) return;
  // The thread claims the scan once it has loaded; until then the scan is this process's, so no second one starts.
  holdScan(db, scanId, process.pid);
  const run = db.memory ? runHere(db, job) : runInThread(db, job);
  running.set(scanId, run.cancel);
  run.done
    .catch((error: unknown) => {
      console.error(`[ownerscope] scan ${scanId} stopped`, error);
      if (getScan(db, scanId)?.status === "running")
        finishScan(db, scanId, "failed", "the scan stopped unexpectedly; start it again to resume");
    })
    .finally(() => running.delete(scanId));
}

/** Asks a scan to stop, wherever it runs: the flag reaches other processes at their next flush. */
export function cancelScan(db: Db, scanId: number): boolean {
  const asked = requestCancel(db, scanId);
  running.get(scanId)?.();
  return asked;
}

/**
 * On server start: continue every scan whose process died (kill -9, crash, reboot) from its checkpoint. A fleet's
 * scans are its run's to continue (lib/jobs/fleet-background.ts); a scan that died while it read an inventory report
 * cannot be continued by listing (the report's rows and the listing would mix), so it fails, saying so.
 */
export function resumeInterruptedScans(db: Db): number[] {
  const resumed: number[] = [];
  for (const scan of scansMarkedRunning(db)) {
    if (scan.connectionId === null || !runnerIsGone(scan)) continue;
    if (scan.source === "inventory" && !scan.listingDone) {
      finishScan(
        db,
        scan.id,
        "failed",
        "the server stopped while it read the inventory report: read it again",
      );
      continue;
    }
    if (scan.fleetRunId !== null) continue;
    runInBackground(db, { kind: "live", scanId: scan.id });
    resumed.push(scan.id);
  }
  return resumed;
}
