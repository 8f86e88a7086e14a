import { describe, expect, it } from "vitest";
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { isOutside, writerName, type Directory } from "@/lib/fleet/directory";
import { hasProblem, matchesFilter, rankBuckets } from "@/lib/fleet/rank";

const now = new Date("2026-12-07T12:00:00Z");
const row = (bucket: string, o: Partial<FleetBucketRow> = {}): FleetBucketRow => ({
  accountId: "111111111111",
  accountName: "a",
  ouPath: [],
  ouIds: [],
  tags: {},
  bucket,
  region: null,
  state: "scanned",
  cause: null,
  detail: null,
  failingSince: null,
  scanId: 1,
  scannedAt: null,
  reportDate: null,
  sourceNote: null,
  classified: 10,
  foreignObjects: 0,
  lockedObjects: 0,
  foreignBytes: 0,
  publicObjects: 0,
  newestForeignAt: null,
  writers: [],
  writerCounts: [],
  ...o,
});
const member = { "c-member": { id: "222222222222", name: "member" } };
const dir = (complete: boolean): Directory => ({
  accounts: member,
  members: { "222222222222": "member", "333333333333": "ceph member" },
  membersComplete: true,
  canonicalComplete: complete,
});
const ctxOf = (d: Directory) => ({ isOutside: (id: string) => isOutside(d, id), now });

describe("rankBuckets", () => {
  const rows = [
    row("clean"),
    row("failing", { state: "failed", failingSince: "2026-12-01T00:00:00Z", scanId: null }),
    row("readable", { foreignObjects: 6, foreignBytes: 600, writers: ["c-member"] }),
    row("few-locked", { foreignObjects: 4, lockedObjects: 4, writers: ["c-member"] }),
    row("many-locked", { foreignObjects: 20, lockedObjects: 20, writers: ["c-member"] }),
    row("vendor", { foreignObjects: 2, lockedObjects: 2, writers: ["c-vendor"] }),
  ];

  it("puts an outside writer's unreadable objects first, then unreadable ones by count, readable, failing, clean", () => {
    const ranked = rankBuckets(rows, ctxOf(dir(true))).map((r) => r.bucket);
    expect(ranked).toEqual(["vendor", "many-locked", "few-locked", "readable", "failing", "clean"]);
  });

  it("does not call an owner outside while the directory is incomplete (a member may not be scanned yet)", () => {
    const incomplete = dir(false);
    const ranked = rankBuckets(rows, ctxOf(incomplete)).map((r) => r.bucket);
    expect(ranked.slice(0, 3)).toEqual(["many-locked", "few-locked", "vendor"]);
    expect(hasProblem(rows[5]!, "outside", ctxOf(incomplete))).toBe(false);
    expect(writerName(incomplete, "c-vendor")).toBe("not in the directory (c-vendor)");
    expect(writerName(dir(true), "c-vendor")).toBe("outside the organization (c-vendor)");
    // A Ceph canonical ID names its account: known to be a member, or outside, without its canonical ID learnt.
    expect(writerName(incomplete, "333333333333$admin")).toBe("ceph member (333333333333)");
    expect(writerName(incomplete, "499000000001$admin")).toBe(
      "outside the organization (499000000001$admin)",
    );
    // While a filter leaves members out, nobody is known to be outside.
    expect(writerName({ ...dir(true), membersComplete: false }, "499000000001$admin")).toMatch(
      /^not in the directory/,
    );
    expect(writerName(incomplete, "c-member")).toBe("member (222222222222)");
  });

  it("filters by OU name or ID, tag with or without a value, Region and problem", () => {
    const ctx = ctxOf(dir(true));
    const tagged = row("t", {
      ouPath: ["Prod"],
      ouIds: ["ou-1"],
      tags: { env: "prod" },
      region: "eu-west-1",
    });
    const f = { ou: "", account: "", tag: "", region: "", problem: "" as const };
    expect(matchesFilter(tagged, { ...f, ou: "ou-1" }, ctx)).toBe(true);
    expect(matchesFilter(tagged, { ...f, tag: "env" }, ctx)).toBe(true);
    expect(matchesFilter(tagged, { ...f, tag: "env=dev" }, ctx)).toBe(false);
    expect(matchesFilter(tagged, { ...f, tag: "constructor" }, ctx)).toBe(false);
    expect(matchesFilter(tagged, { ...f, region: "us-east-1" }, ctx)).toBe(false);
  });
});
