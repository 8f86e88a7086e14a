import "server-only";
import type { Db } from "@/lib/db";
import { claimFleetRun, finishFleetRun, getFleetRun, latestFleetRun } from "@/lib/db/fleet-runs";
import { runInThread } from "@/lib/jobs/background-scans";
import { runFleetScan } from "@/lib/jobs/fleet-scan";
import { runnerGone } from "@/lib/jobs/scans";

// A fleet scan started from the browser: in a scan thread of its own (its buckets' scans run there, one after the
// other under its budget), so requests keep being answered. Its progress is in the database.

const globalForFleet = globalThis as unknown as { ownerscopeFleetRun?: number };

/** Runs the fleet run without waiting for it; a run that dies is left partial, never "running". */
export function runFleetInBackground(db: Db, runId: number): void {
  if (globalForFleet.ownerscopeFleetRun === runId) return;
  globalForFleet.ownerscopeFleetRun = runId;
  // Until the thread claims it, the run is this process's: no second start takes it up.
  claimFleetRun(db, runId, process.pid);
  const done = db.memory
    ? runFleetScan(db, runId).then(() => undefined)
    : runInThread(db, { kind: "fleet", runId }).done;
  done
    .catch((error: unknown) => {
      console.error(`[ownerscope] fleet run ${runId} stopped`, error);
      if (getFleetRun(db, runId)?.status === "running") finishFleetRun(db, runId);
    })
    .finally(() => {
      if (globalForFleet.ownerscopeFleetRun === runId) globalForFleet.ownerscopeFleetRun = undefined;
    });
}

/**
 * On server start: a fleet run whose process died (the server's own, or a CLI's killed with -9) goes on in the
 * background where it stopped, with its buckets' half-done scans. Answers the run taken up, if any.
 */
export function resumeInterruptedFleetRun(db: Db): number | null {
  const run = latestFleetRun(db);
  if (run?.status !== "running" || !runnerGone(run.runnerPid, run.heartbeatAt, 30_000)) return null;
  runFleetInBackground(db, run.id);
  return run.id;
}
