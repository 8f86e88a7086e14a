import { describe, expect, it } from "vitest";
import { scanProgress, type ScanCounters } from "@/lib/audit/scan-progress";

const running = (o: Partial<ScanCounters>): ScanCounters => ({
  status: "running",
  listed: 0,
  listingDone: false,
  classified: 0,
  activeMs: 10_000,
  ...o,
});

describe("scanProgress", () => {
  it("gives no share while listing a bucket never scanned before: only time and rate", () => {
    const p = scanProgress(running({ listed: 5_000, classified: 4_000 }), null);
    expect(p).toEqual({
      percent: null,
      total: null,
      elapsedSeconds: 10,
      keysPerSecond: 400,
      etaSeconds: null,
    });
  });

  it("estimates the total from the newest earlier scan while listing, and says so", () => {
    const p = scanProgress(running({ listed: 5_000, classified: 4_000 }), { id: 7, listed: 20_000 });
    expect(p.total).toEqual({ keys: 20_000, basis: "earlier-scan", scanId: 7, exceeded: false });
    expect(p.percent).toBe(20);
    expect(p.etaSeconds).toBe(40);
  });

  it("stays below 100% on an estimate, and shows no share once the bucket has grown past it (never one that goes back)", () => {
    const near = scanProgress(running({ listed: 20_000, classified: 19_990 }), { id: 7, listed: 20_000 });
    expect(near.percent).toBe(99);
    const grown = scanProgress(running({ listed: 25_000, classified: 19_500 }), { id: 7, listed: 20_000 });
    expect(grown.total).toEqual({ keys: 20_000, basis: "earlier-scan", scanId: 7, exceeded: true });
    expect(grown.percent).toBeNull();
    expect(grown.etaSeconds).toBeNull();
  });

  it("never shows a share smaller than one it showed before, whatever the listing finds", () => {
    let last = -1;
    for (let listed = 1_000; listed <= 30_000; listed += 1_000) {
      const classified = listed - 500;
      const p = scanProgress(running({ listed, classified }), { id: 1, listed: 20_000 });
      if (p.percent === null) continue;
      expect(p.percent).toBeGreaterThanOrEqual(last);
      last = p.percent;
    }
    expect(last).toBeGreaterThan(90);
  });

  it("knows the total once listing is done", () => {
    const p = scanProgress(running({ listed: 8_000, listingDone: true, classified: 2_000 }), {
      id: 7,
      listed: 20_000,
    });
    expect(p.total).toEqual({ keys: 8_000, basis: "listed" });
    expect(p.percent).toBe(25);
    expect(p.etaSeconds).toBe(30);
  });

  it("ends at 100% with no time left, and counts an empty bucket as done", () => {
    const done = { listed: 8_000, listingDone: true, classified: 8_000 };
    expect(scanProgress({ ...running(done), status: "completed" }, null)).toMatchObject({
      percent: 100,
      etaSeconds: null,
    });
    expect(scanProgress(running({ listingDone: true }), null).percent).toBe(100);
  });

  it("has no rate before the scan has run at all", () => {
    expect(scanProgress(running({ activeMs: 0 }), null).keysPerSecond).toBeNull();
  });
});
