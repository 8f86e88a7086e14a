import "server-only";
import { writerDirectory } from "@/lib/api/fleet";
import type { Db } from "@/lib/db";
import { getFleetSettings, listFleetAccounts } from "@/lib/db/fleet";
import { latestFleetRun, type FleetRun } from "@/lib/db/fleet-runs";
import { countFleetBuckets, eachFleetBucket, fleetBucketRows, fleetVersion } from "@/lib/db/fleet-view";
import { AppError } from "@/lib/errors";
import {
  buildFleetView,
  type FleetViewData,
  type FleetViewInput,
  type FleetViewSource,
} from "@/lib/fleet/view";
import { runnerGone } from "@/lib/jobs/scans";
import type { FleetViewQuery } from "@/lib/schemas/fleet";

// The fleet view's data, read for every view the URL names: every bucket row (one per bucket, no findings, read
// through a cursor), the accounts and the directory. The view itself (ranking, filters, counts, the page shown) is
// lib/fleet/view.ts.

export { fleetFilterSchema } from "@/lib/schemas/fleet";

/** A run still marked running whose process is gone (killed, crashed): "Scan the fleet" goes on with it. */
const interrupted = (run: FleetRun) =>
  run.status === "running" && runnerGone(run.runnerPid, run.heartbeatAt, 30_000);

/** Null when there is no fleet yet. The rows are read only as the view goes through them. */
function fleetViewSource(db: Db): FleetViewSource | null {
  if (!getFleetSettings(db)) return null;
  const run = latestFleetRun(db);
  return {
    run: run
      ? { id: run.id, status: run.status, finishedAt: run.finishedAt, interrupted: interrupted(run) }
      : null,
    rows: { [Symbol.iterator]: () => eachFleetBucket(db) },
    accounts: listFleetAccounts(db).map((a) => ({
      id: a.id,
      name: a.name,
      ouPath: a.ouPath,
      health: a.health,
      healthDetail: a.healthDetail,
      failingSince: a.failingSince,
    })),
    directory: writerDirectory(db),
  };
}

/** Views built, by what they were built from; the newest few are kept. */
const built = new WeakMap<Db, Map<string, FleetViewData>>();
const KEPT_VIEWS = 8;
/** A view showing more rows than this is not kept: the kept views' memory stays a few MB. */
const KEPT_ROWS = 2_500;

/**
 * The view the URL names. Reading every bucket costs about a second per 100,000 and holds the server's one thread,
 * so a view is built once per state of the fleet's tables (and minute: "still writing" and "failing for N days" move with
 * time) and served again while nothing changed: reloads and many viewers of the same view cost one build.
 */
export function fleetView(db: Db, query: FleetViewQuery, now = new Date()): FleetViewData | null {
  const source = fleetViewSource(db);
  if (!source) return null;
  let views = built.get(db);
  if (!views) built.set(db, (views = new Map()));
  const key = JSON.stringify([fleetVersion(db), Math.floor(now.getTime() / 60_000), query]);
  let view = views.get(key);
  if (!view) {
    view = buildFleetView(source, query, now);
    if (view.buckets.length <= KEPT_ROWS) views.set(key, view);
    if (views.size > KEPT_VIEWS) views.delete(views.keys().next().value!);
  }
  // The run's state is read fresh: a run's heartbeat writes every few seconds, and the page follows it.
  return { ...view, run: source.run };
}

/** Beyond this many buckets the rows are not sent to a browser to filter: its filters ask the server instead. */
export const MAX_BROWSER_ROWS = 20_000;

/** Every row, for the page to filter in the browser; refused for a fleet too large to send (the server filters). */
export function fleetRowsForBrowser(db: Db): FleetViewInput {
  const buckets = countFleetBuckets(db);
  if (buckets > MAX_BROWSER_ROWS)
    throw new AppError(
      "payload_too_large",
      `The fleet has ${buckets} buckets, more than ${MAX_BROWSER_ROWS} to filter in a browser: the page filters on the server.`,
    );
  const source = fleetViewSource(db);
  if (!source) throw new AppError("not_found", "The fleet is not set up: run fleet discover first.");
  return { ...source, rows: fleetBucketRows(db) };
}
