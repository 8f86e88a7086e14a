import { beforeEach, describe, expect, it } from "vitest";
import type { Classification } from "@/lib/audit/types";
import type { ListedEntry } from "@/lib/aws/scan-io";
import { openDb, type Db } from "@/lib/db";
import { recordFindingChange } from "@/lib/db/finding-changes";
import { countFindings, listFolders } from "@/lib/db/finding-counts";
import { listFindings, type FindingFilter, type FindingPosition, type FindingSort } from "@/lib/db/findings";
import { diffCounts, diffPage } from "@/lib/db/scan-diff";
import { writeListedPage } from "@/lib/db/scan-writes";
import { createTestScan, ownedBy } from "@/lib/db/test-scan";

const B = "owner-b";
const A = "writer-a";

type Seed = { key: string; owner: string; size: number; day: number; publicGrant?: boolean };

function scanOf(db: Db, objects: Seed[]): number {
  const id = createTestScan(db, B);
  const entries: ListedEntry[] = objects.map((o) => ({
    key: o.key,
    versionId: "",
    isLatest: null,
    deleteMarker: false,
    ownerId: o.owner,
    ownerDisplayName: null,
    size: o.size,
    lastModified: new Date(Date.UTC(2026, 0, o.day)).toISOString(),
    storageClass: "STANDARD",
    etag: null,
  }));
  const classifiedNow = objects.map((o): Classification => ({
    ownerId: o.owner,
    status: o.owner === B ? "owned" : "foreign-locked",
    bucketOwnerAccess: o.owner === B ? "full-control" : "none",
    publicGrant: o.publicGrant ?? false,
    grants: [],
    reason: null,
  }));
  writeListedPage(db, id, { entries, classifiedNow, after: null, done: true });
  return id;
}

/** Reads a whole view page by page, as the browser does. */
function pageThrough(db: Db, id: number, filter: FindingFilter, sort: FindingSort, limit: number) {
  const keys: string[] = [];
  let after: FindingPosition | null = null;
  let pages = 0;
  do {
    const page = listFindings(db, id, filter, { after, limit, sort }, B);
    keys.push(...page.findings.map((f) => f.key));
    after = page.last;
    pages++;
  } while (after && pages < 1000);
  return keys;
}

// Sizes repeat on purpose, so the key must break ties for paging to be exact.
const objects: Seed[] = Array.from({ length: 57 }, (_, i) => ({
  key: `${["logs/", "logs/2026/", "img/", ""][i % 4]}k${String(i).padStart(3, "0")}${i % 7 === 0 ? " %_.txt" : ".txt"}`,
  owner: i % 3 === 0 ? A : B,
  size: (i * 37) % 10,
  day: 1 + (i % 9),
  publicGrant: i === 5,
}));

let db: Db;
let scan: number;
beforeEach(() => {
  db = openDb(":memory:");
  scan = scanOf(db, objects);
});

const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("listFindings sorted keyset paging", () => {
  it.each([
    ["key", "asc"],
    ["key", "desc"],
    ["size", "asc"],
    ["size", "desc"],
    ["modified", "asc"],
    ["modified", "desc"],
  ] as const)("pages by %s %s in small pages to exactly the fully sorted list", (by, dir) => {
    const value = (o: Seed) => (by === "size" ? o.size : by === "modified" ? o.day : 0);
    const expected = [...objects]
      .sort((a, b) => value(a) - value(b) || bytewise(a.key, b.key))
      .map((o) => o.key);
    if (dir === "desc") expected.reverse();
    expect(pageThrough(db, scan, {}, { by, dir }, 5)).toEqual(expected);
  });

  it.each(["asc", "desc"] as const)(
    "pages by risk %s: the owner locked out first, largest first within a status, then owned",
    (dir) => {
      // Foreign keys here are all locked; owned ones rank last. Sizes repeat, so keys break ties.
      const rank = (o: Seed) => (o.owner === B ? 1 : 0);
      const expected = [...objects]
        .sort((a, b) => rank(a) - rank(b) || b.size - a.size || bytewise(a.key, b.key))
        .map((o) => o.key);
      if (dir === "desc") expected.reverse();
      expect(pageThrough(db, scan, {}, { by: "risk", dir }, 5)).toEqual(expected);
    },
  );

  it.each([
    ["risk", "findings_by_risk"],
    ["size", "findings_by_size"],
    ["modified", "findings_by_modified"],
  ] as const)("pages by %s as a range on %s: page 500 costs what page 1 does", (column, index) => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM findings WHERE scan_id = 1 AND (${column}, key, version_id) > (?, ?, ?)
         ORDER BY ${column}, key, version_id LIMIT 10`,
      )
      .all(0, "", "") as { detail: string }[];
    const details = plan.map((p) => p.detail).join("; ");
    expect(details).toContain(`${index} (scan_id=? AND (${column},key,version_id)>(?,?,?))`);
    expect(details).not.toContain("TEMP B-TREE");
  });

  it("filters by size range, date range, public grant, owner and foreign, and counts the same rows", () => {
    const filter: FindingFilter = {
      minSize: 3,
      maxSize: 7,
      modifiedFrom: new Date(Date.UTC(2026, 0, 3)).toISOString(),
      modifiedBefore: new Date(Date.UTC(2026, 0, 7)).toISOString(),
    };
    const expected = objects
      .filter((o) => o.size >= 3 && o.size <= 7 && o.day >= 3 && o.day < 7)
      .map((o) => o.key);
    expect(pageThrough(db, scan, filter, { by: "key", dir: "asc" }, 4)).toEqual(expected.sort(bytewise));
    expect(countFindings(db, scan, filter, B)).toBe(expected.length);
    expect(pageThrough(db, scan, { publicOnly: true }, { by: "key", dir: "asc" }, 10)).toEqual([
      objects[5]!.key,
    ]);
    expect(countFindings(db, scan, { foreignOnly: true }, B)).toBe(
      objects.filter((o) => o.owner === A).length,
    );
  });
});

describe("listFolders", () => {
  it("lists the folders one level below a prefix with matching and foreign counts", async () => {
    const top = await listFolders(db, scan, {}, B);
    expect(top.map((f) => f.prefix)).toEqual(["img/", "logs/"]);
    const logs = objects.filter((o) => o.key.startsWith("logs/"));
    expect(top[1]).toMatchObject({ objects: logs.length, foreign: logs.filter((o) => o.owner === A).length });
    expect((await listFolders(db, scan, { prefix: "logs/" }, B)).map((f) => f.prefix)).toEqual([
      "logs/2026/",
    ]);
    expect((await listFolders(db, scan, { prefix: "logs/", foreignOnly: true }, B))[0]!.objects).toBe(
      objects.filter((o) => o.key.startsWith("logs/2026/") && o.owner === A).length,
    );
  });
});

describe("scan diff", () => {
  it("finds new foreign keys, fixed ones and gone ones between two scans", () => {
    const later = scanOf(db, [
      ...objects
        .filter((o) => o.key !== objects[0]!.key) // gone (it was foreign)
        .map((o, i) => (o.owner === A && i < 10 ? { ...o, owner: B } : o)), // fixed
      { key: "new/foreign.txt", owner: A, size: 1, day: 1 }, // new
    ]);
    const from = { id: scan, bucketOwnerId: B };
    const to = { id: later, bucketOwnerId: B };
    const fixed = objects.filter((o, i) => o.owner === A && o.key !== objects[0]!.key && i - 1 < 10).length;
    expect(diffCounts(db, from, to)).toEqual({ new: 1, fixed, gone: 1 });
    expect(diffPage(db, from, to, "new", { after: null, limit: 10 }).findings.map((f) => f.key)).toEqual([
      "new/foreign.txt",
    ]);
    expect(diffPage(db, from, to, "gone", { after: null, limit: 10 }).findings[0]!.key).toBe(objects[0]!.key);
    const fixedKeys: string[] = [];
    let after: { key: string; versionId: string } | null = null;
    do {
      const page = diffPage(db, from, to, "fixed", { after, limit: 2 });
      fixedKeys.push(...page.findings.map((f) => f.key));
      after = page.last;
    } while (after);
    expect(fixedKeys).toHaveLength(fixed);
  });

  it("counts a key as fixed when a fix was recorded beside the earlier scan, which keeps what it saw", () => {
    const key = objects[3]!.key; // foreign
    recordFindingChange(db, scan, key, "", ownedBy(B), { fixJobId: 1 });
    const later = scanOf(
      db,
      objects.map((o) => (o.key === key ? { ...o, owner: B } : o)),
    );
    const counts = diffCounts(db, { id: scan, bucketOwnerId: B }, { id: later, bucketOwnerId: B });
    expect(counts).toEqual({ new: 0, fixed: 1, gone: 0 });
    // The earlier scan itself still counts the key as it saw it.
    expect(countFindings(db, scan, { foreignOnly: true }, B)).toBe(
      objects.filter((o) => o.owner === A).length,
    );
  });
});
