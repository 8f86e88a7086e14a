import { describe, expect, it } from "vitest";
import { bucketWriters, noteChange } from "@/lib/api/writers";
import { openDb } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { finishScan } from "@/lib/db/scans";
import { createTestScan } from "@/lib/db/test-scan";
import { saveWriters } from "@/lib/db/writers";
import { connectionSchema } from "@/lib/schemas/connection";
import { writerChangeSchema } from "@/lib/schemas/writers";
import { writerRecord } from "@/lib/writers/record.test-helper";

// Whether a writer stopped since its team changed the setting, as the writers view says it from the newest scan.
const OWNER = "owner-canonical";
const WRITER = "writer-canonical";
const PRINCIPAL = "arn:aws:iam::222222222222:user/etl";

type TestObject = { key: string; status: string; modified: string; version?: string; latest?: boolean };

function setUp(objects: TestObject[]) {
  const db = openDb(":memory:");
  saveConnection(db, connectionSchema.parse({ id: "c", name: "c" }));
  const scan = createTestScan(db, OWNER, { connectionId: "c", bucket: "b" });
  const insert = db.prepare(
    `INSERT INTO findings (scan_id, key, version_id, is_latest, owner_id, status, last_modified)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const o of objects)
    insert.run(scan, o.key, o.version ?? "", o.latest === false ? 0 : 1, WRITER, o.status, o.modified);
  finishScan(db, scan, "completed", null);
  const record = writerRecord(PRINCIPAL, {
    id: `${PRINCIPAL}\n\n`,
    firstWrite: "2026-11-01T00:00:00.000Z",
    lastWrite: "2026-11-20T00:00:00.000Z",
    writes: 2,
    bytes: 2,
    aclUnseen: 2,
    prefixes: {},
    days: {},
    recentKeys: objects.map((o) => o.key),
  });
  saveWriters(db, "c", "b", {
    from: "2026-11-01T00:00:00.000Z",
    to: "2026-11-20T00:00:00.000Z",
    partial: null,
    writers: [record],
    otherWrites: 0,
  });
  return { db, writerId: record.id };
}

const view = async (db: ReturnType<typeof setUp>["db"]) =>
  (
    await bucketWriters(db, {
      connectionId: "c",
      bucket: "b",
      target: null,
      principals: { [WRITER]: PRINCIPAL },
    })
  ).writers[0]!;

describe("whether a writer stopped since its setting changed", () => {
  it("is asked only once a date is recorded, and says still writing on a locked object written since", async () => {
    const { db, writerId } = setUp([
      { key: "old", status: "foreign-locked", modified: "2026-11-10T00:00:00.000Z" },
      { key: "new", status: "foreign-locked", modified: "2026-11-25T00:00:00.000Z" },
    ]);
    expect((await view(db)).stopped).toBeNull();
    await noteChange(
      db,
      { connectionId: "c", bucket: "b", by: "op" },
      { writerId, changedAt: "2026-11-15T00:00:00.000Z" },
    );
    expect((await view(db)).stopped).toMatchObject({ state: "still-writing" });
    expect((await view(db)).stopped!.evidence[0]).toMatch(/1 of its objects written since/);
  });

  it("says stopped when what it wrote since is readable, and nothing seen yet when it wrote nothing since", async () => {
    const { db, writerId } = setUp([
      { key: "old", status: "foreign-locked", modified: "2026-11-10T00:00:00.000Z" },
      { key: "new", status: "foreign-full-control", modified: "2026-11-25T00:00:00.000Z" },
    ]);
    const note = (changedAt: string | null) =>
      noteChange(db, { connectionId: "c", bucket: "b", by: "op" }, { writerId, changedAt });
    await note("2026-11-15T00:00:00.000Z");
    expect((await view(db)).stopped?.state).toBe("stopped");
    await note("2026-11-26T00:00:00.000Z");
    expect((await view(db)).stopped?.state).toBe("not-seen-yet");
    await note(null);
    expect((await view(db)).stopped).toBeNull();
  });

  it("says still writing when an older version written since is locked, though the newest is readable", async () => {
    const { db, writerId } = setUp([
      {
        key: "k",
        status: "foreign-locked",
        modified: "2026-11-25T00:00:00.000Z",
        version: "v1",
        latest: false,
      },
      { key: "k", status: "foreign-full-control", modified: "2026-11-26T00:00:00.000Z", version: "v2" },
    ]);
    await noteChange(
      db,
      { connectionId: "c", bucket: "b", by: "op" },
      { writerId, changedAt: "2026-11-15T00:00:00.000Z" },
    );
    expect((await view(db)).stopped?.state).toBe("still-writing");
  });

  it("says still writing when an earlier scan since saw a locked object that was fixed before the newest", async () => {
    const { db, writerId } = setUp([
      { key: "after-locked", status: "foreign-locked", modified: "2026-11-25T00:00:00.000Z" },
    ]);
    // The fix gave that object to the owner; the newest scan sees it owned, and a readable write of the writer.
    const newest = createTestScan(db, OWNER, { connectionId: "c", bucket: "b" });
    db.prepare(
      `INSERT INTO findings (scan_id, key, version_id, is_latest, owner_id, status, last_modified) VALUES
         (?, 'after-locked', '', 1, ?, 'owned', '2026-11-26T00:00:00.000Z'),
         (?, 'after-ok', '', 1, ?, 'foreign-full-control', '2026-11-27T00:00:00.000Z')`,
    ).run(newest, OWNER, newest, WRITER);
    finishScan(db, newest, "completed", null);
    await noteChange(
      db,
      { connectionId: "c", bucket: "b", by: "op" },
      { writerId, changedAt: "2026-11-15T00:00:00.000Z" },
    );
    expect((await view(db)).stopped?.state).toBe("still-writing");
  });

  it("does not say stopped while an arrival since was fixed before it could be judged", async () => {
    const { db, writerId } = setUp([]);
    const arrive = (key: string, status: string) =>
      db
        .prepare(
          `INSERT INTO live_findings (connection_id, bucket, key, writer, owner_id, status, bucket_owner_access,
             first_seen, checked_at) VALUES ('c', 'b', ?, 'w', ?, ?, 'none', '2026-12-01T00:00:00.000Z', '')`,
        )
        .run(key, WRITER, status);
    db.prepare(
      `INSERT INTO watched_buckets (connection_id, bucket, owner_id, source, setup_json)
       VALUES ('c', 'b', 'owner-canonical', 'gateway', '{}')`,
    ).run();
    arrive("readable", "foreign-full-control");
    arrive("fixed", "owned");
    await noteChange(
      db,
      { connectionId: "c", bucket: "b", by: "op" },
      { writerId, changedAt: "2026-11-15T00:00:00.000Z" },
    );
    expect((await view(db)).stopped).toMatchObject({
      state: "not-seen-yet",
      evidence: [expect.stringMatching(/1 of its arrivals since was fixed/)],
    });
  });

  it("keeps a date when another source comes to name the writer's account, and forgets one no longer shown", async () => {
    const { db } = setUp([{ key: "new", status: "foreign-locked", modified: "2026-11-25T00:00:00.000Z" }]);
    db.prepare("DELETE FROM bucket_writers").run();
    const note = (writerId: string, changedAt: string | null) =>
      noteChange(db, { connectionId: "c", bucket: "b", by: "op" }, { writerId, changedAt });
    await note(`scan\n${WRITER}`, "2026-11-15T00:00:00.000Z");
    expect((await view(db)).stopped?.state).toBe("still-writing");
    // The logs now name the account's writer: another ID, the same account, the same date.
    saveWriters(db, "c", "b", {
      from: null,
      to: null,
      partial: null,
      writers: [writerRecord(PRINCIPAL, { recentKeys: ["new"] })],
      otherWrites: 0,
    });
    expect(await view(db)).toMatchObject({ principal: PRINCIPAL, stopped: { state: "still-writing" } });
    await note(`scan\n${WRITER}`, null);
    expect((await view(db)).stopped).toBeNull();
  });

  it("refuses a date before S3 existed, and a connection that does not exist", async () => {
    expect(writerChangeSchema.safeParse({ writerId: "w", changedAt: "0000-01-01" }).success).toBe(false);
    const { db, writerId } = setUp([]);
    await expect(
      noteChange(db, { connectionId: "nope", bucket: "b", by: "op" }, { writerId, changedAt: null }),
    ).rejects.toThrow(/connection/i);
  });

  it("is recorded only for a writer the view shows", async () => {
    const { db } = setUp([]);
    await expect(
      noteChange(
        db,
        { connectionId: "c", bucket: "b", by: "op" },
        { writerId: "someone else", changedAt: "2026-11-15T00:00:00.000Z" },
      ),
    ).rejects.toThrow(/No such writer/);
  });
});

describe("writers no log names", () => {
  it("come from the events (a managed service by its session) and from the scan's foreign accounts", async () => {
    const { db } = setUp([
      { key: "a/b/1", status: "foreign-locked", modified: "2026-11-10T00:00:00.000Z" },
      { key: "a/b/2", status: "foreign-full-control", modified: "2026-11-11T00:00:00.000Z" },
    ]);
    db.prepare("DELETE FROM bucket_writers").run();
    const scan = (db.prepare("SELECT id FROM scans").get() as { id: number }).id;
    db.prepare(
      `INSERT INTO findings (scan_id, key, version_id, is_latest, owner_id, status, last_modified, size)
       VALUES (?, 'x/y/z/3', '', 1, 'partner-canonical', 'foreign-locked', '2026-11-12T00:00:00.000Z', 5)`,
    ).run(scan);
    db.prepare(
      `INSERT INTO live_findings (connection_id, bucket, key, writer, owner_id, status, bucket_owner_access,
         first_seen, checked_at)
       VALUES ('c', 'b', 'stream/1', 'AWS:AROAEXAMPLE:AWSFirehoseToS3', 'partner-canonical', 'foreign-locked', 'none',
         '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')`,
    ).run();
    const { writers } = await bucketWriters(db, {
      connectionId: "c",
      bucket: "b",
      target: null,
      principals: { [WRITER]: PRINCIPAL },
    });
    expect(
      writers.map((w) => [w.sources, w.principal, w.tool?.id ?? null, w.verdict, w.lockedKeys, w.seenKeys]),
    ).toEqual([
      [["scan"], PRINCIPAL, null, "without-acl", 1, 2],
      // The partner's account is the events' writer: the scan does not name it again.
      [["events"], "AWS:AROAEXAMPLE:AWSFirehoseToS3", "firehose", "without-acl", 1, 1],
    ]);
    expect(writers[0]!.prefixes).toEqual({ "a/b/": 2 });
    expect(writers[0]!.accountName).toBe(PRINCIPAL);
  });
});
