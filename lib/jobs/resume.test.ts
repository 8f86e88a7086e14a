import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { createScan, getScan, markInventoryScan } from "@/lib/db/scans";
import { plainTarget } from "@/lib/db/target.test-helper";
import { resumeInterruptedScans } from "@/lib/jobs/background-scans";

const target = plainTarget();

function interruptedScan(db: ReturnType<typeof openDb>, bucket: string) {
  const id = createScan(db, {
    connectionId: "c",
    target,
    identity: "arn:aws:iam::111111111111:root",
    bucket,
    prefix: "",
    mode: "fast",
    versions: false,
    concurrency: 4,
  });
  // Its process died: a pid no process has, a heartbeat long past.
  db.prepare("UPDATE scans SET runner_pid = 2147483646, heartbeat_at = 1 WHERE id = ?").run(id);
  return id;
}

describe("scans taken up again when the server starts", () => {
  it("leaves a fleet's bucket scans to the fleet run, which goes on with them under its own budget", () => {
    const db = openDb(":memory:");
    db.pragma("foreign_keys = OFF");
    const id = interruptedScan(db, "fleet-bucket");
    db.prepare("UPDATE scans SET fleet_run_id = 7 WHERE id = ?").run(id);
    expect(resumeInterruptedScans(db)).toEqual([]);
    expect(getScan(db, id)!.status).toBe("running");
  });

  it("never lists a bucket over a report read halfway: that scan fails, saying to read the report again", () => {
    const db = openDb(":memory:");
    db.pragma("foreign_keys = OFF");
    const id = interruptedScan(db, "from-report");
    markInventoryScan(db, id, "2026-12-01T00:00:00.000Z");
    expect(resumeInterruptedScans(db)).toEqual([]);
    expect(getScan(db, id)).toMatchObject({ status: "failed", error: expect.stringMatching(/report/) });
  });
});
