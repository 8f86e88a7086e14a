import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { setAccountHealth, syncFleetAccounts } from "@/lib/db/fleet";
import { createFleetRun, recordAccountBuckets } from "@/lib/db/fleet-runs";
import { fleetBucketRows } from "@/lib/db/fleet-view";

describe("a fleet bucket's row", () => {
  it("fails with its account when the account can no longer be checked, keeping its last scan's numbers", () => {
    const db = openDb(":memory:");
    syncFleetAccounts(db, [{ id: "111111111111", name: "a", ouPath: [], ouIds: [], tags: {} }]);
    setAccountHealth(db, "111111111111", "ok", null, "c1");
    recordAccountBuckets(db, createFleetRun(db, "all"), "111111111111", [{ name: "lake", region: null }]);
    db.prepare("UPDATE fleet_buckets SET state = 'scanned', foreign_objects = 20, locked_objects = 20").run();
    setAccountHealth(db, "111111111111", "role-missing", "the read role does not exist in this account");
    const [row] = fleetBucketRows(db);
    expect(row).toMatchObject({
      state: "failed",
      cause: "role-missing",
      foreignObjects: 20,
      lockedObjects: 20,
    });
    expect(row!.detail).toMatch(/account.*last scan/);
    expect(row!.failingSince).not.toBeNull();
  });
});
