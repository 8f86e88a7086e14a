import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { recentGaps } from "@/lib/db/gaps";
import { bucketSecret, rotateBucketSecret } from "@/lib/db/intake-secrets";
import { pruneEvents, watchBucket } from "@/lib/db/watch";
import { receiveEvents } from "./watch-intake";

let db: Db;

const record = (bucket: string, key: string) => ({
  eventVersion: "2.2",
  eventSource: "ceph:s3",
  eventName: "ObjectCreated:Put",
  userIdentity: { principalId: "writer" },
  s3: { bucket: { name: bucket }, object: { key, size: 1, eTag: key, versionId: "", sequencer: key } },
});

function post(token: string, records: unknown[], via: "header" | "url" = "header") {
  const url = `http://127.0.0.1/api/watch/c/events${via === "url" ? `?token=${encodeURIComponent(token)}` : ""}`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (via === "header") headers["x-ownerscope-token"] = token;
  return receiveEvents(
    db,
    new Request(url, { method: "POST", headers, body: JSON.stringify({ Records: records }) }),
    "c",
  ).catch((error: { status?: number }) => new Response(null, { status: error.status ?? 500 }));
}

const stored = (bucket: string) =>
  (db.prepare("SELECT count(*) AS n FROM watch_events WHERE bucket = ?").get(bucket) as { n: number }).n;

beforeEach(() => {
  db = openDb(":memory:");
  saveConnection(db, { id: "c", name: "c", region: "us-east-1" });
  for (const bucket of ["one", "two"])
    watchBucket(db, { connectionId: "c", bucket, ownerId: "owner", source: "gateway", setup: {} });
});

afterEach(() => {
  delete process.env.OWNERSCOPE_INTAKE_EVENTS_PER_SECOND;
  delete process.env.OWNERSCOPE_INTAKE_MAX_PENDING;
});

describe("the intake", () => {
  it("trusts a bucket's secret for that bucket alone", async () => {
    const one = bucketSecret(db, "c", "one");
    expect(bucketSecret(db, "c", "two")).not.toBe(one);
    const r = await post(one, [record("one", "a"), record("two", "forged")]);
    expect(await r.json()).toMatchObject({ accepted: 1, refused: 1 });
    expect(stored("two")).toBe(0);
    expect((await post("not-a-secret", [record("one", "b")])).status).toBe(401);
  });

  it("takes events for every bucket that still shares its connection's secret from before secrets were per bucket", async () => {
    const shared = bucketSecret(db, "c", "one");
    db.prepare("INSERT INTO watch_secrets (connection_id, bucket, secret) VALUES ('c', 'two', ?)").run(
      shared,
    );
    expect(await (await post(shared, [record("one", "a"), record("two", "b")])).json()).toMatchObject({
      accepted: 2,
    });
  });

  it("rotates a secret: the old one works for its grace period, then is refused", async () => {
    const old = bucketSecret(db, "c", "one");
    const { secret } = rotateBucketSecret(db, "c", "one", 1, new Date());
    expect(bucketSecret(db, "c", "one")).toBe(secret);
    expect((await post(old, [record("one", "a")], "url")).status).toBe(200);
    expect((await post(secret, [record("one", "b")])).status).toBe(200);
    rotateBucketSecret(db, "c", "one", 0, new Date());
    expect((await post(old, [record("one", "c")])).status).toBe(401);
    expect((await post(secret, [record("one", "d")])).status).toBe(401);
  });

  it("asks a sender past the bucket's rate to come back (429), and notes the gap for a catch-up", async () => {
    process.env.OWNERSCOPE_INTAKE_EVENTS_PER_SECOND = "2"; // 20 at once
    const s = bucketSecret(db, "c", "one");
    const records = Array.from({ length: 15 }, (_, i) => record("one", `k${i}`));
    expect((await post(s, records)).status).toBe(200);
    const refused = await post(
      s,
      records.map((r, i) => ({
        ...r,
        s3: { ...r.s3, object: { ...r.s3.object, key: `m${i}`, sequencer: `m${i}` } },
      })),
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(stored("one")).toBe(15);
    expect(recentGaps(db, "c", "one")[0]!.cause).toMatch(/came faster than 2 a second/);
  });

  it("answers 503 while too many events wait for their check, rather than dropping them", async () => {
    process.env.OWNERSCOPE_INTAKE_MAX_PENDING = "3";
    const s = bucketSecret(db, "c", "two");
    expect((await post(s, [record("two", "a"), record("two", "b"), record("two", "c")])).status).toBe(200);
    const r = await post(s, [record("two", "d")]);
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
    expect(stored("two")).toBe(3);
  });

  it("prunes checked events past the retention, never pending ones", async () => {
    const s = bucketSecret(db, "c", "one");
    await post(s, [record("one", "a"), record("one", "b")]);
    db.prepare("UPDATE watch_events SET state = 'checked' WHERE key = 'a'").run();
    expect(pruneEvents(db, new Date(Date.now() + 60_000).toISOString())).toBe(1);
    expect(stored("one")).toBe(1);
  });
});
