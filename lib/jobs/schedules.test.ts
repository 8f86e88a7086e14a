import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { listSchedules, saveSchedule, scheduledRuns, type Schedule } from "@/lib/db/schedules";
import { plainTarget } from "@/lib/db/target.test-helper";
import { liveFindings, watchBucket } from "@/lib/db/watch";
import { prepareScan } from "./scans";
import { absorbScheduledRuns, runDueSchedules } from "./schedules";

let db: Db;
const t0 = new Date("2026-12-03T00:00:00.000Z");
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);

beforeEach(() => {
  db = openDb(":memory:");
  saveConnection(db, { id: "c", name: "c", region: "us-east-1" });
  saveSchedule(db, { connectionId: "c", bucket: "b", everyHours: 6, mode: "fast" }, t0);
});

/** The scan starter records the scan without running it (no S3 here): what is tested is when the clock starts one. */
function starter() {
  const started: Schedule[] = [];
  const start = (d: Db, s: Schedule) => {
    started.push(s);
    const target = plainTarget(null);
    return prepareScan(
      d,
      {
        connectionId: "c",
        target,
        bucket: s.bucket,
        prefix: "",
        mode: s.mode,
        versions: false,
        concurrency: 1,
      },
      false,
    ).scanId;
  };
  return { started, start };
}

describe("scheduled rescans, on a controllable clock", () => {
  it("runs when the period has passed, and not before", () => {
    const { started, start } = starter();
    expect(runDueSchedules(db, at(5.99), start)).toEqual([]);
    expect(runDueSchedules(db, at(6), start)).toEqual([1]);
    expect(runDueSchedules(db, at(6.5), start)).toEqual([]);
    expect(runDueSchedules(db, at(12), start)).toEqual([2]);
    expect(started.map((s) => s.mode)).toEqual(["fast", "fast"]);
    expect(listSchedules(db)[0]).toMatchObject({ nextRunAt: at(18).toISOString(), lastScanId: 2 });
  });

  it("makes up for runs missed while the server was down with one run, then keeps its period", () => {
    const { start } = starter();
    expect(runDueSchedules(db, at(40), start)).toEqual([1]);
    expect(runDueSchedules(db, at(40), start)).toEqual([]);
    expect(listSchedules(db)[0]!.nextRunAt).toBe(at(46).toISOString());
    expect(scheduledRuns(db, "c", "b", 10)).toMatchObject([{ scanId: 1, dueAt: at(6).toISOString() }]);
  });

  it("records a run that could not start, and tries again a period later", () => {
    const failing = () => {
      throw new Error("a scan of this bucket was already running; this run was skipped");
    };
    expect(runDueSchedules(db, at(6), failing)).toEqual([]);
    expect(scheduledRuns(db, "c", "b", 10)[0]).toMatchObject({
      scanId: null,
      error: expect.stringContaining("running"),
    });
    expect(listSchedules(db)[0]!.nextRunAt).toBe(at(12).toISOString());
  });
});

describe("what a scheduled rescan finds that no event reported", () => {
  /** Completes a scan as the scan runner would, with these keys' owners. */
  function complete(scanId: number, owners: Record<string, string>) {
    const insert = db.prepare(
      `INSERT INTO findings (scan_id, key, version_id, owner_id, status, bucket_owner_access, size)
       VALUES (?, ?, '', ?, ?, ?, 1)`,
    );
    for (const [key, owner] of Object.entries(owners))
      insert.run(
        scanId,
        key,
        owner,
        owner === "owner" ? "owned" : "foreign-locked",
        owner === "owner" ? "full-control" : "none",
      );
    db.prepare(
      "UPDATE scans SET status = 'completed', bucket_owner_id = 'owner', finished_at = '2026-12-03T06:00:00.000Z' WHERE id = ?",
    ).run(scanId);
  }

  it("adds the keys the run before did not have to the live record, once, and nothing on the first run", () => {
    const { start } = starter();
    watchBucket(db, { connectionId: "c", bucket: "b", ownerId: "owner", source: "gateway", setup: {} });
    const [first] = runDueSchedules(db, at(6), start);
    complete(first!, { "old/a": "account-a", mine: "owner" });
    expect(absorbScheduledRuns(db)).toBe(0);
    const [second] = runDueSchedules(db, at(12), start);
    expect(absorbScheduledRuns(db)).toBe(0); // still running: looked at again later
    complete(second!, { "old/a": "account-a", mine: "owner", "missed/b": "account-a" });
    expect(absorbScheduledRuns(db)).toBe(1);
    expect(absorbScheduledRuns(db)).toBe(0);
    expect(liveFindings(db, { connectionId: "c", bucket: "b", limit: 10 })).toMatchObject([
      { key: "missed/b", ownerId: "account-a", status: "foreign-locked", writer: null },
    ]);
  });
});
