import "server-only";
import type { Db } from "@/lib/db";
import {
  fleetDirectoryCompleteness,
  getFleetSettings,
  listFleetAccounts,
  type FleetAccountRecord,
} from "@/lib/db/fleet";
import {
  claimFleetRun,
  clearFleetCancel,
  requestFleetCancel,
  createFleetRun,
  getFleetRun,
  latestFleetRun,
  type FleetRun,
} from "@/lib/db/fleet-runs";
import { fleetBucketRows } from "@/lib/db/fleet-view";
import { AppError } from "@/lib/errors";
import type { Directory } from "@/lib/fleet/directory";
import { runFleetInBackground } from "@/lib/jobs/fleet-background";
import { runFleetScan, type FleetRunOptions } from "@/lib/jobs/fleet-scan";
import { runnerGone } from "@/lib/jobs/scans";

// The fleet's use cases, for the CLI (and the routes): discover the organization's accounts, scan every bucket of
// every account, and say where each stands.

export { discoverFleet, fleetSettingsFrom, type Discovery } from "@/lib/jobs/fleet-discovery";

/**
 * The run a scan takes up: an unfinished one whose runner is gone (killed, or Ctrl-C'd when not retrying) goes on
 * where it stopped; otherwise a new run over every account, or (`retryFailed`) over what failed last time only.
 */
/**
 * The run to go on with, taken for this process in one write transaction: reading the newest run, creating one and
 * claiming it happen together, so two processes starting at the same moment cannot both take a run.
 */
export function chooseRun(db: Db, retryFailed: boolean): { runId: number; resumed: boolean } {
  if (!getFleetSettings(db))
    throw new AppError("invalid_input", "The fleet is not set up: run fleet discover first.");
  return db
    .transaction(() => {
      const last = latestFleetRun(db);
      if (last?.status === "running" && !runnerGone(last.runnerPid, last.heartbeatAt, 30_000))
        throw new AppError("conflict", `Fleet run ${last.id} is running (process ${last.runnerPid}).`);
      if (retryFailed && !last)
        throw new AppError("invalid_input", "There is no earlier fleet scan to retry.");
      const resumed = !!last && (last.status === "running" || (last.status === "cancelled" && !retryFailed));
      const runId = resumed ? last!.id : createFleetRun(db, retryFailed ? "failed" : "all");
      claimFleetRun(db, runId, process.pid);
      clearFleetCancel(db, runId);
      return { runId, resumed };
    })
    .immediate();
}

/** Scans the fleet here (the CLI), to the end of the run. */
export async function scanFleet(
  db: Db,
  retryFailed: boolean,
  o: FleetRunOptions & { onStart?: (run: FleetRun, resumed: boolean) => void } = {},
): Promise<FleetRun> {
  const { runId, resumed } = chooseRun(db, retryFailed);
  o.onStart?.(getFleetRun(db, runId)!, resumed);
  await runFleetScan(db, runId, o);
  return getFleetRun(db, runId)!;
}

/** Starts a fleet scan in the background (the browser's "Scan the fleet" and "Retry the failed ones"). */
export function startFleetScan(db: Db, retryFailed: boolean): { runId: number; resumed: boolean } {
  const chosen = chooseRun(db, retryFailed);
  runFleetInBackground(db, chosen.runId);
  return chosen;
}

/** Asks the running fleet run to stop where it is (the page's "Stop"); it can be gone on with later. */
export function stopFleetScan(db: Db): { runId: number } {
  const run = latestFleetRun(db);
  if (run?.status === "running" && runnerGone(run.runnerPid, run.heartbeatAt, 30_000))
    throw new AppError(
      "conflict",
      `Fleet run ${run.id} is interrupted (its process stopped): nothing to stop.`,
    );
  if (run?.status !== "running" || !requestFleetCancel(db, run.id))
    throw new AppError("conflict", "No fleet scan is running.");
  return { runId: run.id };
}

export type FleetStatus = {
  run: FleetRun | null;
  accounts: FleetAccountRecord[];
  buckets: ReturnType<typeof fleetBucketRows>;
  partial: boolean;
  foreignObjects: number;
};

export function fleetStatus(db: Db): FleetStatus {
  const accounts = listFleetAccounts(db);
  const buckets = fleetBucketRows(db);
  const run = latestFleetRun(db) ?? null;
  const partial =
    run?.status !== "completed" ||
    accounts.some((a) => a.health !== "ok") ||
    buckets.some((b) => b.state === "failed" || b.state === "pending");
  return {
    run,
    accounts,
    buckets,
    partial,
    foreignObjects: buckets.reduce((n, b) => n + b.foreignObjects, 0),
  };
}

/** The organization's accounts, for naming who owns foreign objects (lib/fleet/directory.ts). */
export function writerDirectory(db: Db): Directory {
  const accounts: Directory["accounts"] = {};
  const members: Directory["members"] = {};
  // defineProperty: a canonical ID from outside ("__proto__") is a key like any other, never the prototype.
  const put = <T>(o: Record<string, T>, k: string, value: T) =>
    Object.defineProperty(o, k, { value, enumerable: true });
  for (const a of listFleetAccounts(db, "all")) {
    if (a.canonicalId) put(accounts, a.canonicalId, { id: a.id, name: a.name });
    if (a.state === "active") put(members, a.id, a.name);
  }
  return { accounts, members, ...fleetDirectoryCompleteness(db) };
}
