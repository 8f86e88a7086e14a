import { describe, expect, it } from "vitest";
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { FleetWritersTally, MAX_FLEET_WRITERS } from "@/lib/fleet/writers";

const row = (accountId: string, bucket: string, counts: FleetBucketRow["writerCounts"]) =>
  ({ accountId, bucket, writerCounts: counts }) as FleetBucketRow;
const count = (id: string, objects: number, locked: number, newest: string | null = null) => ({
  id,
  objects,
  locked,
  bytes: objects * 100,
  newest,
});

describe("the organization's writers", () => {
  it("sum each owner over the buckets, most locked first, with the bucket to look at first", () => {
    const tally = new FleetWritersTally();
    tally.add(row("111111111111", "a", [count("x", 5, 1, "2026-12-01"), count("y", 9, 0)]));
    tally.add(row("222222222222", "b", [count("x", 4, 3, "2026-12-05")]));
    tally.add(row("222222222222", "c", [count("x", 1, 0)]));
    const { writers, total } = tally.result(10);
    expect(total).toBe(2);
    expect(
      writers.map((w) => [w.id, w.buckets, w.accounts, w.objects, w.locked, w.newest, w.worst.bucket]),
    ).toEqual([
      ["x", 3, 2, 10, 4, "2026-12-05", "b"],
      ["y", 1, 1, 9, 0, null, "a"],
    ]);
    expect(writers[0]!.bytes).toBe(1000);
  });

  it("keeps at most its bound of writers and counts the rest", () => {
    const tally = new FleetWritersTally();
    for (let i = 0; i < MAX_FLEET_WRITERS + 3; i++) tally.add(row("1", `b${i}`, [count(`w${i}`, 1, 0)]));
    const { writers, total } = tally.result(20);
    expect(writers).toHaveLength(20);
    expect(total).toBe(MAX_FLEET_WRITERS + 3);
  });
});
