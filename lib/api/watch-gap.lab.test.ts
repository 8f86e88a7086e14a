// Integration: the gateway's own push (a plain topic, which never resends) feeds a process that is killed (SIGKILL)
// during a burst of foreign writes and started again at once. What the gateway pushed while nothing listened is
// lost on the wire; the restarted process knows it was down (its heartbeat), and its catch-up scan puts every key
// in the live record, exactly once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpWatch } from "@/lib/api/watch-setup";
import { openDb, type Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { recentGaps } from "@/lib/db/gaps";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { createSharedBucket } from "@/scripts/lab/generate";
import { startIntakeProcess } from "@/scripts/lab/intake-process";
import { labConnection, loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { ChildProcess } from "node:child_process";

const N = 60;
let lab: Lab;
let db: Db;
let dir: string;
let child: ChildProcess | null = null;
const bucket = `watch-gap-${process.pid}-${Date.now()}`;
const port = 30000 + Math.floor(Math.random() * 20000);

const startIntake = () => startIntakeProcess(path.join(dir, "db"), port);

const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

beforeAll(async () => {
  lab = loadLab();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "watch-gap-"));
  db = openDb(path.join(dir, "db"));
  saveConnection(db, labConnection(lab, { ownerProfile: lab.roles.owner.profile }));
  await createSharedBucket(lab, bucket);
});

afterAll(async () => {
  child?.kill("SIGKILL");
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await removeBucket(lab, bucket).catch(() => undefined);
});

describe("the server down during a burst, fed by the gateway's own push", () => {
  it("closes the gap itself: every key in the live record exactly once", async () => {
    child = await startIntake();
    await setUpWatch(db, {
      connectionId: "lab",
      bucket,
      kind: "gateway",
      baseUrl: `http://127.0.0.1:${port}`,
      apply: true,
      watch: true,
      actor: "tester",
    });
    const events = () => count("SELECT count(*) AS n FROM watch_events WHERE bucket = ?", bucket);
    let killed = false;
    let restarted: Promise<ChildProcess> | null = null;
    for (let i = 0; i < N; i++) {
      await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: `burst/${i}`, Body: "a" }));
      if (!killed && events() >= 20) {
        killed = true;
        child.kill("SIGKILL");
        await new Promise((r) => child!.once("exit", r));
        restarted = startIntake();
      }
      await new Promise((r) => setTimeout(r, 1000 / 15));
    }
    expect(killed).toBe(true);
    child = await restarted!;
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      if (count("SELECT count(*) AS n FROM live_findings WHERE bucket = ?", bucket) >= N) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const rows = db.prepare("SELECT key, status FROM live_findings WHERE bucket = ?").all(bucket) as {
      key: string;
      status: string;
    }[];
    expect(new Set(rows.map((r) => r.key)).size).toBe(N);
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r.status === "foreign-locked")).toBe(true);
    // The gateway really lost some (nothing resent them), and the gap that closed says how many it found.
    expect(events()).toBeLessThan(N);
    const [gap] = recentGaps(db, "lab", bucket);
    expect(gap).toMatchObject({ state: "closed", cause: "Ownerscope was not running" });
    expect(gap!.found).toBeGreaterThan(0);
  });
});
