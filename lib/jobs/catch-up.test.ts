import { beforeEach, describe, expect, it } from "vitest";
import { readTargetOf } from "@/lib/connections/identities";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { beat, openGap, recentGaps } from "@/lib/db/gaps";
import { liveFindings, watchBucket } from "@/lib/db/watch";
import { connectionSchema } from "@/lib/schemas/connection";
import { catchUp, recordDowntime, type CatchUpStarter } from "./catch-up";
import { prepareScan } from "./scans";

let db: Db;
const t = (minutes: number) => new Date(Date.parse("2026-12-06T10:00:00.000Z") + minutes * 60_000);

beforeEach(() => {
  db = openDb(":memory:");
  saveConnection(db, { id: "c", name: "c", region: "us-east-1" });
  watchBucket(db, { connectionId: "c", bucket: "b", ownerId: "owner", source: "gateway", setup: {} });
  db.prepare("UPDATE watched_buckets SET created_at = ?").run(t(-60).toISOString());
});

/** Records the scan a catch-up asks for without running it (no S3 here); `complete` finishes it with findings. */
const started: number[] = [];
const start: CatchUpStarter = (d, where) => {
  const target = readTargetOf(connectionSchema.parse({ id: "c", name: "c" }));
  const { scanId } = prepareScan(
    d,
    { ...where, target, prefix: "", mode: "fast", versions: false, concurrency: 1 },
    false,
  );
  started.push(scanId);
  return scanId;
};

function complete(scanId: number, rows: [key: string, owner: string, lastModified: string, etag: string][]) {
  const insert = db.prepare(
    `INSERT INTO findings (scan_id, key, version_id, owner_id, status, bucket_owner_access, size, last_modified, etag)
     VALUES (?, ?, '', ?, ?, ?, 1, ?, ?)`,
  );
  for (const [key, owner, lastModified, etag] of rows)
    insert.run(
      scanId,
      key,
      owner,
      owner === "owner" ? "owned" : "foreign-locked",
      owner === "owner" ? "full-control" : "none",
      lastModified,
      etag,
    );
  db.prepare(
    "UPDATE scans SET status = 'completed', bucket_owner_id = 'owner', finished_at = ? WHERE id = ?",
  ).run(t(12).toISOString(), scanId);
}

describe("closing the gaps in watching", () => {
  it("knows from its heartbeat how long it was down, and adds what arrived meanwhile to the live record once", () => {
    beat(db, t(0).toISOString());
    expect(recordDowntime(db, t(10))).toBe(1);
    expect(recentGaps(db, "c", "b")).toMatchObject([
      { state: "open", startedAt: t(0).toISOString(), endedAt: t(10).toISOString() },
    ]);
    expect(catchUp(db, t(10), start)).toBe(0);
    const [scanId] = started.slice(-1);
    expect(recentGaps(db, "c", "b")[0]).toMatchObject({ state: "catching-up", scanId });
    expect(catchUp(db, t(11), start)).toBe(0); // the scan still runs
    complete(scanId!, [
      ["old/before-the-gap", "account-a", t(-30).toISOString(), "e1"],
      ["gap/a", "account-a", t(4).toISOString(), "e2"],
      ["gap/mine", "owner", t(5).toISOString(), "e3"],
      ["gap/b", "account-a", t(0.5).toISOString(), "e4"],
    ]);
    expect(catchUp(db, t(12), start)).toBe(2);
    expect(catchUp(db, t(13), start)).toBe(0);
    const live = liveFindings(db, { connectionId: "c", bucket: "b", limit: 10 });
    expect(live.map((f) => f.key).sort()).toEqual(["gap/a", "gap/b"]);
    expect(recentGaps(db, "c", "b")[0]).toMatchObject({ state: "closed", found: 2 });
  });

  it("compares with the live record, not with an earlier scan: a key it holds as it is joins no second time", () => {
    openGap(db, {
      connectionId: "c",
      bucket: "b",
      cause: "x",
      startedAt: t(0).toISOString(),
      endedAt: t(5).toISOString(),
    });
    catchUp(db, t(5), start);
    complete(started.at(-1)!, [["gap/a", "account-a", t(2).toISOString(), "e2"]]);
    expect(catchUp(db, t(6), start)).toBe(1);
    openGap(db, {
      connectionId: "c",
      bucket: "b",
      cause: "y",
      startedAt: t(0).toISOString(),
      endedAt: t(7).toISOString(),
    });
    catchUp(db, t(7), start);
    complete(started.at(-1)!, [
      ["gap/a", "account-a", t(2).toISOString(), "e2"],
      ["gap/c", "account-a", t(6).toISOString(), "e5"],
    ]);
    expect(catchUp(db, t(8), start)).toBe(1);
    expect(liveFindings(db, { connectionId: "c", bucket: "b", limit: 10 })).toHaveLength(2);
  });

  it("waits while a feed is still unreachable, and makes one gap of a flapping feed", () => {
    openGap(db, {
      connectionId: "c",
      bucket: "b",
      cause: "the queue could not be read",
      startedAt: t(0).toISOString(),
      endedAt: null,
    });
    openGap(db, {
      connectionId: "c",
      bucket: "b",
      cause: "the queue could not be read",
      startedAt: t(1).toISOString(),
      endedAt: null,
    });
    expect(catchUp(db, t(2), start)).toBe(0);
    expect(recentGaps(db, "c", "b")).toMatchObject([{ state: "open", endedAt: null }]);
  });

  it("records no gap on the first start, nor before a bucket was watched", () => {
    expect(recordDowntime(db, t(10))).toBe(0);
    beat(db, t(-120).toISOString());
    recordDowntime(db, t(10));
    expect(recentGaps(db, "c", "b")[0]!.startedAt).toBe(t(-60).toISOString());
  });
});
