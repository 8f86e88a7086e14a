import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { claimBatchReport, getBatchJob, recordBatchJob, settleBatchReport } from "@/lib/db/batch-jobs";
import { createTestScan } from "@/lib/db/test-scan";

describe("Batch Operations jobs of a scan", () => {
  it("keep where their report is, and let it be applied once (again only after a failed attempt)", () => {
    const db = openDb(":memory:");
    const scanId = createTestScan(db, "owner");
    recordBatchJob(db, {
      scanId,
      jobId: "job-1",
      name: "grant",
      owner: "a",
      accountId: "111122223333",
      workBucket: "work",
      reportPrefix: "ownerscope/b/reports",
    });
    expect(getBatchJob(db, scanId, "job-1")).toMatchObject({
      workBucket: "work",
      reportPrefix: "ownerscope/b/reports",
      appliedAt: null,
    });
    expect(getBatchJob(db, scanId, "job-2")).toBeNull();

    expect(claimBatchReport(db, scanId, "job-1")).toBe(true);
    expect(claimBatchReport(db, scanId, "job-1")).toBe(false);
    settleBatchReport(db, scanId, "job-1", null);
    expect(claimBatchReport(db, scanId, "job-1")).toBe(true);
    settleBatchReport(db, scanId, "job-1", { succeeded: 2, failed: 1, applied: 2 });
    expect(claimBatchReport(db, scanId, "job-1")).toBe(false);
    expect(getBatchJob(db, scanId, "job-1")!.applied).toEqual({ succeeded: 2, failed: 1, applied: 2 });
  });
});
