import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import { createScan, findUnfinishedScan, finishScan, markInventoryScan } from "@/lib/db/scans";
import { plainTarget } from "@/lib/db/target.test-helper";

const scope = {
  identity: "arn:aws:iam::111111111111:root",
  bucket: "b",
  prefix: "",
  mode: "fast" as const,
  versions: false,
};
const target = plainTarget();

describe("an unfinished scan to resume", () => {
  it("is never one made from an inventory report: a listing resumed over a report's rows would keep keys it no longer has", () => {
    const db = openDb(":memory:");
    const fromReport = createScan(db, { ...scope, connectionId: null, target, concurrency: 4 });
    markInventoryScan(db, fromReport, "2026-12-01T00:00:00.000Z");
    finishScan(db, fromReport, "failed", "the report could not be read");
    expect(findUnfinishedScan(db, scope)).toBeUndefined();

    const listed = createScan(db, { ...scope, connectionId: null, target, concurrency: 4 });
    finishScan(db, listed, "failed", "throttled");
    expect(findUnfinishedScan(db, scope)?.id).toBe(listed);
  });
});
