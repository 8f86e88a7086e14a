import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { changesSinceScan, recordFindingChange, statusMovesSql } from "@/lib/db/finding-changes";
import { countFindings, countMatchesOffThread } from "@/lib/db/finding-counts";
import { getFinding, listFindings } from "@/lib/db/findings";
import { migrate, migrations } from "@/lib/db/migrations";
import { writeListedPage } from "@/lib/db/scan-writes";
import { finishScan, getScan } from "@/lib/db/scans";
import { createTestScan, lockedBy, ownedBy } from "@/lib/db/test-scan";

const B = "owner-b";
const A = "writer-a";

const owned = ownedBy(B);
const locked = lockedBy(A);

/** A completed scan of three keys: one owned, two foreign and locked. */
function scanned(db: Db): number {
  const id = createTestScan(db, B);
  const keys = ["a.txt", "b.txt", "c.txt"];
  writeListedPage(db, id, {
    entries: keys.map((key, i) => ({
      key,
      versionId: "",
      isLatest: null,
      deleteMarker: false,
      ownerId: i === 0 ? B : A,
      ownerDisplayName: null,
      size: 10,
      lastModified: null,
      storageClass: "STANDARD",
      etag: null,
    })),
    classifiedNow: keys.map((_, i) => (i === 0 ? owned : locked)),
    after: null,
    done: true,
  });
  finishScan(db, id, "completed", null);
  return id;
}

describe("a scan after a fix", () => {
  it("keeps what it saw (statuses, owners and counts) and shows what changed since beside it", () => {
    const db = openDb(":memory:");
    const scan = scanned(db);
    const before = getScan(db, scan)!;

    recordFindingChange(db, scan, "b.txt", "", owned, { fixJobId: 7 });

    const after = getScan(db, scan)!;
    expect(after.byStatus).toEqual(before.byStatus);
    expect(after.byStatus["foreign-locked"]).toBe(2);
    expect(countFindings(db, scan, { foreignOnly: true }, B)).toBe(2);
    const row = getFinding(db, scan, "b.txt", "")!;
    expect(row.status).toBe("foreign-locked");
    expect(row.owner.id).toBe(A);
    expect(row.now).toMatchObject({ status: "owned", ownerId: B, fixJobId: 7, batchJobId: null });
    expect(
      listFindings(db, scan, {}, { after: null, limit: 10 }, B).findings.map((f) => f.now?.status ?? null),
    ).toEqual([null, "owned", null]);
    expect(changesSinceScan(db, scan)).toEqual({
      changed: 1,
      byStatus: {
        owned: 2,
        "foreign-full-control": 0,
        "foreign-readable": 0,
        "foreign-locked": 1,
        unknown: 0,
      },
    });
  });

  it("keeps the latest change of a key, and counts it once", () => {
    const db = openDb(":memory:");
    const scan = scanned(db);
    recordFindingChange(
      db,
      scan,
      "c.txt",
      "",
      { ...locked, status: "foreign-full-control" },
      { batchJobId: "job-1" },
    );
    recordFindingChange(db, scan, "c.txt", "", owned, { fixJobId: 9 });
    expect(getFinding(db, scan, "c.txt", "")!.now).toMatchObject({
      status: "owned",
      fixJobId: 9,
      batchJobId: null,
    });
    expect(changesSinceScan(db, scan).changed).toBe(1);
    expect(changesSinceScan(db, scan).byStatus["foreign-locked"]).toBe(1);
  });

  it("lets a fix select what is still foreign: a key fixed since is left out", async () => {
    const db = openDb(":memory:");
    const scan = scanned(db);
    recordFindingChange(db, scan, "b.txt", "", owned, { fixJobId: 7 });
    expect(countFindings(db, scan, { foreignNow: true }, B)).toBe(1);
    // The same count the bulk action is labelled with, from the scan's count moved by the changes.
    expect(await countMatchesOffThread(db, scan, {}, B)).toEqual({ total: 3, fixable: 1 });
    expect(await countMatchesOffThread(db, scan, { prefix: "b" }, B)).toEqual({ total: 1, fixable: 0 });
    expect(await countMatchesOffThread(db, scan, { status: ["foreign-locked"] }, B)).toEqual({
      total: 2,
      fixable: 1,
    });
    // A narrowed first page counts its statuses in the same pass, its status filter left out of them only.
    expect(
      await countMatchesOffThread(db, scan, { status: ["foreign-locked"] }, B, { byStatus: true }),
    ).toEqual({
      total: 2,
      fixable: 1,
      byStatus: { owned: 1, "foreign-locked": 2 },
    });
    expect(await countMatchesOffThread(db, scan, { prefix: "b" }, B, { byStatus: true })).toEqual({
      total: 1,
      fixable: 0,
      byStatus: { "foreign-locked": 1 },
    });
    const stillA = listFindings(db, scan, { nowOwnerId: A }, { after: null, limit: 10 }, B).findings;
    expect(stillA.map((f) => f.key)).toEqual(["c.txt"]);
  });

  it("with no change since the scan, selects as scanned without reading the changes", async () => {
    const db = openDb(":memory:");
    const scan = scanned(db);
    expect(countFindings(db, scan, { foreignNow: true }, B)).toBe(2);
    expect(listFindings(db, scan, { foreignNow: true }, { after: null, limit: 10 }, B).findings).toHaveLength(
      2,
    );
    expect(listFindings(db, scan, { nowOwnerId: A }, { after: null, limit: 10 }, B).findings).toHaveLength(2);
    expect(await countMatchesOffThread(db, scan, {}, B)).toEqual({ total: 3, fixable: 2 });
  });

  it("reads the changes to count them, never every finding of the scan (each poll of a running scan asks)", () => {
    const db = openDb(":memory:");
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${statusMovesSql}`)
      .all(1)
      .map((r) => (r as { detail: string }).detail);
    // The changes drive (as many as fixes); each is looked up among the findings by its key.
    expect(plan[0]).toMatch(/^SEARCH c USING PRIMARY KEY \(scan_id=\?\)$/);
    expect(plan[1]).toMatch(/^SEARCH f USING PRIMARY KEY \(scan_id=\? AND key=\? AND version_id=\?\)$/);
  });

  it("ignores a change of a key the scan never saw", () => {
    const db = openDb(":memory:");
    const scan = scanned(db);
    recordFindingChange(db, scan, "never-listed.txt", "", owned, { fixJobId: 1 });
    expect(changesSinceScan(db, scan).changed).toBe(0);
  });
});

describe("the migration that keeps scans unchanged", () => {
  it("moves fixes written into a scan's findings beside them and restores the owner the scan saw", () => {
    const raw = new Database(":memory:");
    // The schema as it was just before scans were kept unchanged (the migration that made finding_changes).
    const previous = migrations.findIndex((m) => m.includes("CREATE TABLE finding_changes"));
    for (const sql of migrations.slice(0, previous)) raw.exec(sql);
    raw.pragma(`user_version = ${previous}`);
    raw.exec(`
      INSERT INTO scans (id, bucket, prefix, mode, versions, concurrency, status, identity, target_json, bucket_owner_id,
        count_owned, count_foreign_locked, classified, listed)
      VALUES (1, 'bucket', '', 'full', 0, 1, 'completed', 'x', '{}', '${B}', 2, 1, 3, 3);
      INSERT INTO findings (scan_id, key, version_id, owner_id, status, bucket_owner_access, owner_at_scan, reason)
      VALUES (1, 'a', '', '${B}', 'owned', 'full-control', NULL, NULL),
             (1, 'b', '', '${B}', 'owned', 'full-control', '${A}', 'fixed'),
             (1, 'c', '', '${A}', 'foreign-locked', 'none', NULL, NULL);
    `);
    migrate(raw);

    const row = raw.prepare("SELECT * FROM findings WHERE key = 'b'").get() as Record<string, unknown>;
    expect(row).toMatchObject({ owner_id: A, status: "unknown" });
    expect(row).not.toHaveProperty("owner_at_scan");
    expect(raw.prepare("SELECT now_owner_id, now_status FROM finding_changes").all()).toEqual([
      { now_owner_id: B, now_status: "owned" },
    ]);
    expect(raw.prepare("SELECT count_owned, count_foreign_locked, count_unknown FROM scans").get()).toEqual({
      count_owned: 1,
      count_foreign_locked: 1,
      count_unknown: 1,
    });
  });
});
