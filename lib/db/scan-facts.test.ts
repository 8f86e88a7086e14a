import { describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { scanFacts } from "@/lib/db/scan-facts";
import { writeListedPage } from "@/lib/db/scan-writes";
import { finishScan, getScan, type CompletedScan } from "@/lib/db/scans";
import { createTestScan, lockedBy, ownedBy } from "@/lib/db/test-scan";

const B = "owner-b";
const A = "writer-a";
const locked = lockedBy(A);

/** A listed key of the bucket owner's. */
const entry = (key: string, size: number) => ({
  key,
  versionId: "",
  isLatest: null,
  deleteMarker: false,
  ownerId: B,
  ownerDisplayName: null,
  size,
  lastModified: null,
  storageClass: "STANDARD",
  etag: null,
});

/** A completed scan of keys with their sizes; the ones named in `foreign` belong to account A. */
function scan(db: Db, sizes: Record<string, number>, foreign: string[]): CompletedScan {
  const id = createTestScan(db, B);
  const keys = Object.keys(sizes);
  writeListedPage(db, id, {
    entries: keys.map((key) => ({ ...entry(key, sizes[key]!), ownerId: foreign.includes(key) ? A : B })),
    classifiedNow: keys.map((key) => (foreign.includes(key) ? locked : ownedBy(B))),
    after: null,
    done: true,
  });
  finishScan(db, id, "completed", null);
  return getScan(db, id) as CompletedScan;
}

describe("scanFacts", () => {
  it("sums the foreign keys' bytes, and has nothing new to tell of a first scan", async () => {
    const db = openDb(":memory:");
    const first = scan(db, { "a.txt": 10, "b.txt": 200, "c.txt": 3_000 }, ["b.txt", "c.txt"]);
    expect(await scanFacts(db, first)).toEqual({ foreignBytes: 3_200, newSincePrevious: null });
  });

  it("counts the foreign keys the scan before of the same scope did not have", async () => {
    const db = openDb(":memory:");
    const first = scan(db, { "a.txt": 10, "b.txt": 200 }, ["b.txt"]);
    // b.txt stays foreign, c.txt arrives foreign, a.txt was taken over by account A.
    const second = scan(db, { "a.txt": 10, "b.txt": 200, "c.txt": 5 }, ["a.txt", "b.txt", "c.txt"]);
    expect(await scanFacts(db, second)).toEqual({
      foreignBytes: 215,
      newSincePrevious: { count: 2, previousScanId: first.id },
    });
  });

  it("is learnt once: a completed scan never changes, so the kept answer is the answer", async () => {
    const db = openDb(":memory:");
    const first = scan(db, { "a.txt": 10 }, ["a.txt"]);
    const learnt = await scanFacts(db, first);
    // What a second pass would find differently, had the findings changed: it is not read again.
    db.prepare("UPDATE findings SET size = 999 WHERE scan_id = ?").run(first.id);
    expect(await scanFacts(db, first)).toEqual(learnt);
    expect(db.prepare("SELECT count(*) AS n FROM scan_facts").get()).toEqual({ n: 1 });
  });

  it("learns again when the scan before changes: an earlier scan that completes later becomes the one before", async () => {
    const db = openDb(":memory:");
    const oldest = scan(db, { "a.txt": 1 }, []);
    const interrupted = createTestScan(db, B);
    const latest = scan(db, { "a.txt": 1, "b.txt": 2 }, ["a.txt", "b.txt"]);
    expect((await scanFacts(db, latest)).newSincePrevious).toEqual({ count: 2, previousScanId: oldest.id });
    // The interrupted scan, resumed, completes after the latest one did; it had seen a.txt foreign already.
    writeListedPage(db, interrupted, {
      entries: [{ ...entry("a.txt", 1), ownerId: A }],
      classifiedNow: [locked],
      after: null,
      done: true,
    });
    finishScan(db, interrupted, "completed", null);
    expect((await scanFacts(db, latest)).newSincePrevious).toEqual({ count: 1, previousScanId: interrupted });
  });

  it("takes as the scan before only one of the same connection: never a CLI scan of the same bucket", async () => {
    const db = openDb(":memory:");
    saveConnection(db, { id: "web", name: "web" });
    const web = (sizes: Record<string, number>, foreign: string[]) => {
      const s = scan(db, sizes, foreign);
      db.prepare("UPDATE scans SET connection_id = 'web' WHERE id = ?").run(s.id);
      return getScan(db, s.id) as CompletedScan;
    };
    const first = web({ "a.txt": 1 }, []);
    scan(db, { "a.txt": 1 }, ["a.txt"]); // from the command line: no connection
    const latest = web({ "a.txt": 1 }, ["a.txt"]);
    expect((await scanFacts(db, latest)).newSincePrevious).toEqual({ count: 1, previousScanId: first.id });
  });
});
