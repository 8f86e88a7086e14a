import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { setAccountHealth, syncFleetAccounts } from "@/lib/db/fleet";
import {
  accountsToList,
  createFleetRun,
  finishFleetRun,
  pendingBuckets,
  recordAccountBuckets,
  recordBucketFailed,
  recordBucketScanned,
} from "@/lib/db/fleet-runs";
import { fleetBucketRows } from "@/lib/db/fleet-view";
import { createTestScan } from "@/lib/db/test-scan";

let db: Db;
const account = (id: string) => ({ id, name: id, ouPath: [], ouIds: [], tags: {} });

beforeEach(() => {
  db = openDb(":memory:");
  syncFleetAccounts(db, [account("111111111111"), account("222222222222")]);
});

describe("fleet runs", () => {
  it("a retry of the failed ones also takes up what an interrupted run left pending, and lists again no healthy account", () => {
    const first = createFleetRun(db, "all");
    setAccountHealth(db, "111111111111", "ok", null, "c1");
    recordAccountBuckets(db, first, "111111111111", [
      { name: "done", region: null },
      { name: "left", region: null },
      { name: "broken", region: null },
    ]);
    recordBucketFailed(db, "111111111111", "broken", {
      cause: "bucket-policy-denied",
      detail: "x",
    });
    db.prepare("UPDATE fleet_buckets SET state = 'scanned' WHERE bucket = 'done'").run();
    expect(finishFleetRun(db, first, true)).toBe("cancelled"); // Ctrl-C: "left" still pending, 222… never listed

    const retry = createFleetRun(db, "failed");
    expect(accountsToList(db, retry)).toEqual(["222222222222"]);
    expect(
      pendingBuckets(db, retry)
        .map((b) => b.bucket)
        .sort(),
    ).toEqual(["broken", "left"]);
  });

  it("a failed rescan keeps pointing at the scan whose counts the row shows", () => {
    const run = createFleetRun(db, "all");
    recordAccountBuckets(db, run, "111111111111", [{ name: "b", region: null }]);
    db.prepare("UPDATE fleet_buckets SET state = 'scanned', scan_id = NULL, foreign_objects = 3").run();
    recordBucketFailed(db, "111111111111", "b", { cause: "throttled", detail: "503" });
    const row = db.prepare("SELECT scan_id, foreign_objects, state FROM fleet_buckets").get();
    expect(row).toEqual({ scan_id: null, foreign_objects: 3, state: "failed" });
  });

  it("a scanned bucket keeps each foreign owner with what it owns there, the organization's writers summed from it", () => {
    const run = createFleetRun(db, "all");
    recordAccountBuckets(db, run, "111111111111", [{ name: "lake", region: null }]);
    const scan = createTestScan(db, "owner");
    const insert = db.prepare(
      `INSERT INTO findings (scan_id, key, version_id, owner_id, status, size, last_modified)
       VALUES (?, ?, '', ?, ?, 10, ?)`,
    );
    insert.run(scan, "a", "w1", "foreign-locked", "2026-12-01T00:00:00.000Z");
    insert.run(scan, "b", "w1", "foreign-locked", "2026-12-03T00:00:00.000Z");
    insert.run(scan, "c", "w1", "foreign-full-control", "2026-12-02T00:00:00.000Z");
    insert.run(scan, "d", "w2", "foreign-full-control", "2026-12-04T00:00:00.000Z");
    insert.run(scan, "e", "owner", "owned", "2026-12-05T00:00:00.000Z");
    db.prepare("UPDATE scans SET status = 'completed', classified = 5 WHERE id = ?").run(scan);
    recordBucketScanned(db, "111111111111", "lake", scan);
    expect(fleetBucketRows(db).find((r) => r.bucket === "lake")!.writerCounts).toEqual([
      { id: "w1", objects: 3, locked: 2, bytes: 30, newest: "2026-12-03T00:00:00.000Z" },
      { id: "w2", objects: 1, locked: 0, bytes: 10, newest: "2026-12-04T00:00:00.000Z" },
    ]);
  });
});
