import { describe, expect, it } from "vitest";
import { chooseRun, stopFleetScan } from "@/lib/api/fleet";
import { fleetView } from "@/lib/api/fleet-view";
import { openDb } from "@/lib/db";
import { saveFleetSettings, syncFleetAccounts } from "@/lib/db/fleet";
import { getFleetRun } from "@/lib/db/fleet-runs";
import { resumeInterruptedFleetRun } from "@/lib/jobs/fleet-background";
import { fleetFilterSchema, fleetSettingsSchema } from "@/lib/schemas/fleet";

function fleetDb() {
  const db = openDb(":memory:");
  saveFleetSettings(db, fleetSettingsSchema.parse({ source: "file", readRole: "OwnerscopeRead" }), 0);
  syncFleetAccounts(db, [{ id: "111111111111", name: "a", ouPath: [], ouIds: [], tags: {} }]);
  return db;
}

describe("starting a fleet run", () => {
  it("claims the run it creates at once: a second start (another process, the same moment) is refused", () => {
    const db = fleetDb();
    const first = chooseRun(db, false);
    expect(getFleetRun(db, first.runId)).toMatchObject({ status: "running", runnerPid: process.pid });
    expect(() => chooseRun(db, false)).toThrow(/is running/);
  });

  it("takes up a run whose process died, and says so on the page until then", () => {
    const db = fleetDb();
    const { runId } = chooseRun(db, false);
    // The process that ran it is gone: a pid no process has, a heartbeat long past.
    db.prepare("UPDATE fleet_runs SET runner_pid = 2147483646, heartbeat_at = 1 WHERE id = ?").run(runId);
    expect(fleetView(db, fleetFilterSchema.parse({}))?.run).toMatchObject({ id: runId, interrupted: true });
    expect(chooseRun(db, false)).toEqual({ runId, resumed: true });
    expect(fleetView(db, fleetFilterSchema.parse({}))?.run).toMatchObject({ id: runId, interrupted: false });
  });
});

describe("a fleet run when the server starts", () => {
  it("goes on with a run whose process died, to its end, and leaves a live one alone", async () => {
    const db = fleetDb();
    db.prepare("DELETE FROM fleet_accounts").run(); // nothing to reach: the run ends as soon as it goes on
    const { runId } = chooseRun(db, false);
    expect(resumeInterruptedFleetRun(db)).toBeNull(); // this process holds it
    db.prepare("UPDATE fleet_runs SET runner_pid = 2147483646, heartbeat_at = 1 WHERE id = ?").run(runId);
    expect(resumeInterruptedFleetRun(db)).toBe(runId);
    await expect.poll(() => getFleetRun(db, runId)?.status).toBe("completed");
  });
});

describe("stopping a fleet run from the page", () => {
  it("asks the running run to stop; the run ends cancelled, and the next start goes on with it", async () => {
    const db = fleetDb();
    db.prepare("DELETE FROM fleet_accounts").run(); // nothing to reach: the run itself is under test
    expect(() => stopFleetScan(db)).toThrow(/No fleet scan is running/);
    const { runId } = chooseRun(db, false);
    expect(stopFleetScan(db)).toEqual({ runId });
    // The runner sees the request at its next heartbeat; a run that has not started yet ends at once.
    const { runFleetScan } = await import("@/lib/jobs/fleet-scan");
    expect(await runFleetScan(db, runId)).toBe("cancelled");
    expect(chooseRun(db, false)).toEqual({ runId, resumed: true });
    expect(await runFleetScan(db, runId)).toBe("completed");
  });

  it("refuses to stop a run whose process died: the stop would wait and cancel it when it is taken up", () => {
    const db = fleetDb();
    const { runId } = chooseRun(db, false);
    db.prepare("UPDATE fleet_runs SET runner_pid = 2147483646, heartbeat_at = 1 WHERE id = ?").run(runId);
    expect(() => stopFleetScan(db)).toThrow(/interrupted/);
    expect(db.prepare("SELECT cancel_requested FROM fleet_runs WHERE id = ?").get(runId)).toEqual({
      cancel_requested: 0,
    });
  });
});

describe("every row for the browser", () => {
  it("is refused past its bound: the page's filters then ask the server", async () => {
    const { fleetRowsForBrowser, MAX_BROWSER_ROWS } = await import("@/lib/api/fleet-view");
    const db = fleetDb();
    expect(fleetRowsForBrowser(db).rows).toEqual([]);
    const run = chooseRun(db, false).runId;
    const insert = db.prepare(
      "INSERT INTO fleet_buckets (account_id, bucket, state, run_id) VALUES ('111111111111', ?, 'pending', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i <= MAX_BROWSER_ROWS; i++) insert.run(`b-${i}`, run);
    })();
    expect(() => fleetRowsForBrowser(db)).toThrow(/more than 20000 to filter in a browser/);
  });
});

describe("the fleet view, built once per state of the store", () => {
  it("serves a repeated view without reading the buckets again, and reads them again after a change to the fleet", () => {
    const db = fleetDb();
    const insert = db.prepare(
      `INSERT INTO fleet_buckets (account_id, bucket, state, foreign_objects, locked_objects)
       VALUES ('111111111111', ?, 'scanned', ?, ?)`,
    );
    insert.run("quiet", 0, 0);
    const query = fleetFilterSchema.parse({});
    const now = new Date("2026-12-07T12:00:00Z");
    const first = fleetView(db, query, now)!;
    // The same view of the same store: the rows built then, not built again.
    expect(fleetView(db, query, new Date("2026-12-07T12:00:30Z"))!.buckets).toBe(first.buckets);
    // A write elsewhere in the store (the watch thread's heartbeat each second) is not a change to the fleet.
    db.prepare("CREATE TABLE elsewhere (x)").run();
    db.prepare("INSERT INTO elsewhere VALUES (1)").run();
    expect(fleetView(db, query, new Date("2026-12-07T12:00:40Z"))!.buckets).toBe(first.buckets);
    insert.run("noisy", 5, 5);
    const after = fleetView(db, query, now)!;
    expect(after.buckets.map((b) => b.bucket)).toEqual(["noisy", "quiet"]);
    // Another minute: "still writing" and "failing for N days" move with time.
    expect(fleetView(db, query, new Date("2026-12-07T12:01:00Z"))!.buckets).not.toBe(after.buckets);
  });
});
