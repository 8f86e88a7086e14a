// Integration: the process that receives and checks events is killed (SIGKILL) during a burst and started again on
// the same database. The sender delivers at least once (it retries until it hears 2xx, as SNS and EventBridge do):
// every event ends up stored once and checked once, and every object has exactly one live finding.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { bucketSecret } from "@/lib/db/intake-secrets";
import { watchBucket } from "@/lib/db/watch";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { createSharedBucket } from "@/scripts/lab/generate";
import { gatewayRecord, startIntakeProcess } from "@/scripts/lab/intake-process";
import { labConnection, loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { ChildProcess } from "node:child_process";

const N = 60;
let lab: Lab;
let db: Db;
let dir: string;
let child: ChildProcess | null = null;
const bucket = `watch-restart-${process.pid}-${Date.now()}`;
const port = 30000 + Math.floor(Math.random() * 20000);

const startIntake = () => startIntakeProcess(path.join(dir, "db"), port);

const eventOf = (key: string) => ({
  Records: [
    gatewayRecord({
      bucket,
      key,
      writer: lab.writer.canonicalId,
      bucketOwner: lab.bucketOwner.canonicalId,
      etag: "x",
      sequencer: key,
    }),
  ],
});

/** Delivers until the intake answers 2xx (a refused connection, a process gone: try again). */
async function deliver(url: string, key: string, acked: () => void): Promise<void> {
  for (;;) {
    const ok = await fetch(url, { method: "POST", body: JSON.stringify(eventOf(key)) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return acked();
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  lab = loadLab();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "watch-restart-"));
  db = openDb(path.join(dir, "db"));
  saveConnection(db, labConnection(lab));
  await createSharedBucket(lab, bucket);
  watchBucket(db, {
    connectionId: "lab",
    bucket,
    ownerId: lab.bucketOwner.canonicalId,
    source: "gateway",
    setup: {},
  });
  for (let i = 0; i < N; i++)
    await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: `burst/${i}`, Body: "a" }));
});

afterAll(async () => {
  child?.kill("SIGKILL");
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await removeBucket(lab, bucket).catch(() => undefined);
});

describe("a crash during a burst of events", () => {
  it("loses nothing acknowledged and checks every event exactly once", async () => {
    child = await startIntake();
    const url = `http://127.0.0.1:${port}/api/watch/lab/events?token=${bucketSecret(db, "lab", bucket)}`;
    let acked = 0;
    const deliveries = Array.from({ length: N }, (_, i) => deliver(url, `burst/${i}`, () => acked++));
    while (acked < N / 3) await new Promise((r) => setTimeout(r, 5));
    const ackedAtKill = acked;
    child.kill("SIGKILL");
    await new Promise((r) => child!.once("exit", r));
    // Everything the intake acknowledged before it died is stored.
    const storedAtKill = (db.prepare("SELECT count(*) AS n FROM watch_events").get() as { n: number }).n;
    expect(storedAtKill).toBeGreaterThanOrEqual(ackedAtKill);
    child = await startIntake();
    await Promise.all(deliveries);

    const end = Date.now() + 30_000;
    let rows: { key: string; state: string; outcome: string; attempts: number }[] = [];
    while (Date.now() < end) {
      rows = db
        .prepare("SELECT key, state, outcome, attempts FROM watch_events ORDER BY id")
        .all() as typeof rows;
      if (rows.length === N && rows.every((r) => r.state !== "pending")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(new Set(rows.map((r) => r.key)).size).toBe(N);
    expect(rows).toHaveLength(N);
    expect(rows.filter((r) => r.state === "checked" && r.outcome === "foreign")).toHaveLength(N);
    const live = db.prepare("SELECT key, status FROM live_findings WHERE bucket = ?").all(bucket) as {
      status: string;
    }[];
    expect(live).toHaveLength(N);
    expect(live.every((l) => l.status === "foreign-locked")).toBe(true);
  });
});
