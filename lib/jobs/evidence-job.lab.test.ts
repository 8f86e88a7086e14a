// Integration: logs shaped by whoever writes them cannot take the server down. A gzip that inflates to 44 MiB of
// `{"Records":[0,0,…]}`, a gzip of ten million blank lines and more tiny files than a reading takes are each read as
// a background job in its own thread, through the real gateway: each ends with a clear message (partial where a bound
// stopped it), and the server's own thread stays free throughout (its event loop is measured while they run).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { latestEvidence } from "@/lib/db/acl-migrations";
import { saveConnection } from "@/lib/db/connections";
import { getEvidenceJob } from "@/lib/db/evidence-jobs";
import { cancelEvidenceJob, startEvidenceJob } from "@/lib/jobs/evidence-job";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { labConnection, loadLab, type Lab } from "@/scripts/lab/lab-env";

let lab: Lab;
let db: Db;
let dir: string;
const bucket = `evidence-${process.pid}-${Date.now()}`;
const logs = `${bucket}-logs`;
const settings = {
  OWNERSCOPE_EVIDENCE_MAX_FILE_BYTES: String(16 * 1024 * 1024),
  OWNERSCOPE_EVIDENCE_MAX_FILES: "100",
};

beforeAll(async () => {
  Object.assign(process.env, settings);
  lab = loadLab();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-evidence-"));
  db = openDb(path.join(dir, "db"));
  saveConnection(db, labConnection(lab, { ownerProfile: lab.roles.owner.profile }));
  for (const b of [bucket, logs]) await lab.b.send(new CreateBucketCommand({ Bucket: b }));
  const put = (Key: string, Body: Buffer | string) =>
    lab.b.send(new PutObjectCommand({ Bucket: logs, Key, Body }));
  const zeros = Buffer.alloc(22 * 1024 * 1024, "0,");
  await put(
    "bomb/trail.json.gz",
    gzipSync(Buffer.concat([Buffer.from('{"Records":['), zeros, Buffer.from("0]}")]), { level: 9 }),
  );
  await put("blank/access.log.gz", gzipSync(Buffer.alloc(10 * 1024 * 1024, "\n"), { level: 9 }));
  await put("long/access.log", `${"x".repeat(200_000)}`);
  for (let i = 0; i < 130; i += 10)
    await Promise.all(
      Array.from({ length: 10 }, (_, j) => put(`tiny/${String(i + j).padStart(4, "0")}.log`, "\n")),
    );
});

afterAll(async () => {
  for (const k of Object.keys(settings)) delete process.env[k];
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  for (const b of [logs, bucket]) await removeBucket(lab, b).catch(() => undefined);
});

/** Runs one reading to its end while measuring how late this thread's timers fire (what a request would wait). */
async function readWhileMeasuring(
  request: { accessLogs?: string; cloudTrail?: string },
  cancelAfterMs?: number,
) {
  const job = startEvidenceJob(db, {
    connectionId: "lab",
    bucket,
    request: { accessLogs: request.accessLogs ?? null, cloudTrail: request.cloudTrail ?? null, since: null },
    actor: "tester",
  });
  let worstLagMs = 0;
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    worstLagMs = Math.max(worstLagMs, performance.now() - expected);
    expected = performance.now() + 10;
  }, 10);
  const started = Date.now();
  let cancelled = false;
  try {
    for (;;) {
      const now = getEvidenceJob(db, job.id)!;
      if (now.state !== "running") return { job: now, worstLagMs };
      if (cancelAfterMs !== undefined && !cancelled && Date.now() - started > cancelAfterMs)
        cancelled = cancelEvidenceJob(db, job.id);
      if (Date.now() - started > 120_000) throw new Error("the reading did not end");
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    clearInterval(timer);
  }
}

describe("reading hostile logs for evidence", () => {
  it("reads a CloudTrail gzip bomb only up to the per-file bound, in its thread", async () => {
    const { job, worstLagMs } = await readWhileMeasuring({ cloudTrail: `s3://${logs}/bomb/` });
    expect(job).toMatchObject({ state: "partial", files: 1 });
    expect(job.partial).toMatch(
      /over 16,777,216 decompressed bytes read only that far \(bomb\/trail\.json\.gz\)/,
    );
    expect(latestEvidence(db, "lab", bucket)!.evidence.partial).toBe(job.partial);
    expect(worstLagMs).toBeLessThan(250);
  });

  it("reads ten million blank lines quickly and says so", async () => {
    const { job, worstLagMs } = await readWhileMeasuring({ accessLogs: `s3://${logs}/blank/` });
    expect(job).toMatchObject({ state: "completed", files: 1, partial: null });
    expect(job.bytes).toBe(10 * 1024 * 1024);
    expect(worstLagMs).toBeLessThan(250);
  });

  it("passes over a file that is not a log (a line longer than any log's) and says so", async () => {
    const { job } = await readWhileMeasuring({ accessLogs: `s3://${logs}/long/` });
    expect(job).toMatchObject({ state: "partial", files: 1 });
    expect(job.partial).toMatch(/passed over: log file long\/access\.log has a line over \d+ bytes/);
  });

  it("stops at the bound on files, keeping what it read", async () => {
    const { job } = await readWhileMeasuring({ accessLogs: `s3://${logs}/tiny/` });
    expect(job).toMatchObject({ state: "partial", files: 100 });
    expect(job.partial).toMatch(/stopped after 100 files \(tiny\/0100\.log and any after it were not read\)/);
  });

  it("reads one at a time, and a cancel keeps what was read", async () => {
    process.env.OWNERSCOPE_EVIDENCE_MAX_FILE_BYTES = String(4 * 1024 * 1024 * 1024);
    const first = readWhileMeasuring({ cloudTrail: `s3://${logs}/bomb/` }, 300);
    await new Promise((r) => setTimeout(r, 50));
    expect(() =>
      startEvidenceJob(db, {
        connectionId: "lab",
        bucket,
        request: { accessLogs: `s3://${logs}/tiny/`, cloudTrail: null, since: null },
        actor: "t",
      }),
    ).toThrow(/being read already/);
    const { job } = await first;
    process.env.OWNERSCOPE_EVIDENCE_MAX_FILE_BYTES = settings.OWNERSCOPE_EVIDENCE_MAX_FILE_BYTES;
    expect(["cancelled", "completed"]).toContain(job.state);
    if (job.state === "cancelled")
      expect(latestEvidence(db, "lab", bucket)!.evidence.partial).toBe("cancelled");
  });
});
