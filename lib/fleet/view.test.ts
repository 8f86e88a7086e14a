import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import { isOutside, type Directory } from "@/lib/fleet/directory";
import { hasProblem, matchesFilter, rankBuckets, type Problem } from "@/lib/fleet/rank";
import { buildFleetView } from "@/lib/fleet/view";
import { fleetFilterSchema } from "@/lib/schemas/fleet";

const now = new Date("2026-12-07T12:00:00Z");
const directory: Directory = {
  accounts: {},
  members: { "111111111111": "a", "222222222222": "b" },
  membersComplete: true,
  canonicalComplete: true,
};
const ctx = { isOutside: (id: string) => isOutside(directory, id), now };

const rowArb = fc.record({
  accountId: fc.constantFrom("111111111111", "222222222222"),
  bucket: fc.stringMatching(/^[a-c]{1,3}$/),
  region: fc.constantFrom(null, "eu-west-1", "us-east-1"),
  state: fc.constantFrom("scanned" as const, "failed" as const, "pending" as const),
  foreignObjects: fc.nat(3),
  lockedObjects: fc.nat(2),
  foreignBytes: fc.nat(3),
  publicObjects: fc.nat(1),
  tagged: fc.boolean(),
  outside: fc.boolean(),
});

type Drawn = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
const rowOf = (r: Drawn): FleetBucketRow => ({
  accountId: r.accountId,
  accountName: r.accountId === "111111111111" ? "a" : "b",
  ouPath: r.tagged ? ["Root", "Prod"] : ["Root"],
  ouIds: [],
  tags: r.tagged ? { env: "prod" } : {},
  bucket: r.bucket,
  region: r.region,
  state: r.state,
  cause: null,
  detail: null,
  failingSince: r.state === "failed" ? "2026-12-01T00:00:00Z" : null,
  scanId: null,
  scannedAt: null,
  reportDate: null,
  sourceNote: null,
  classified: 10,
  foreignObjects: r.foreignObjects + r.lockedObjects,
  lockedObjects: r.lockedObjects,
  foreignBytes: r.foreignBytes,
  publicObjects: r.publicObjects,
  newestForeignAt: null,
  writers: r.outside ? ["999999999999$x"] : ["222222222222$w"],
  writerCounts: [
    {
      id: r.outside ? "999999999999$x" : "222222222222$w",
      objects: r.foreignObjects + r.lockedObjects,
      locked: r.lockedObjects,
      bytes: r.foreignBytes,
      newest: null,
    },
  ],
});

describe("buildFleetView", () => {
  it("shows the riskiest rows of those matching, in the order ranking all of them gives, and counts them all", () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 300, size: "max" }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom("", "locked", "outside", "failing") as fc.Arbitrary<Problem | "">,
        fc.constantFrom("", "env=prod", "Prod"),
        (raw, show, problem, filter) => {
          const rows = raw.map(rowOf);
          const query = fleetFilterSchema.parse({
            show,
            problem,
            ...(filter.includes("=") ? { tag: filter } : { ou: filter }),
          });
          // Read once, as the server's cursor is.
          let reads = 0;
          const once = {
            *[Symbol.iterator]() {
              expect(reads++).toBe(0);
              yield* rows;
            },
          };
          const view = buildFleetView({ run: null, rows: once, accounts: [], directory }, query, now);
          const matching = rows.filter((r) => matchesFilter(r, query, ctx));
          const inScope = rows.filter((r) => matchesFilter(r, { ...query, problem: "" }, ctx));
          expect(view.buckets.map((b) => b.bucket + b.accountId)).toEqual(
            rankBuckets(matching, ctx)
              .slice(0, show)
              .map((b) => b.bucket + b.accountId),
          );
          expect(view.matching).toBe(matching.length);
          expect(view.total).toBe(inScope.length);
          for (const p of view.problems)
            expect(p.buckets).toBe(inScope.filter((r) => hasProblem(r, p.problem, ctx)).length);
          expect(view.failingBuckets).toBe(rows.filter((r) => r.state !== "scanned").length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("shows at most 10,000 rows however many the URL asks for", () => {
    expect(fleetFilterSchema.parse({ show: "62500" }).show).toBe(10_000);
    expect(fleetFilterSchema.parse({ show: "nonsense" }).show).toBe(100);
    expect(fleetFilterSchema.parse({}).show).toBe(100);
  });
});
