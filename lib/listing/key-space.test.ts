import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys } from "@/lib/keys";
import { cutDepth, cutsAfter, firstDifference, inRange, ListingPlan } from "@/lib/listing/key-space";

/** S3's ListObjectsV2 over a set of keys: code point order, StartAfter exclusive, MaxKeys, IsTruncated. */
function bucketOf(keys: string[]) {
  const sorted = [...new Set(keys)].sort(compareKeys);
  return {
    sorted,
    list(startAfter: string | null, maxKeys: number) {
      const from = startAfter === null ? 0 : sorted.findIndex((k) => compareKeys(k, startAfter) > 0);
      const page = from < 0 ? [] : sorted.slice(from, from + maxKeys);
      return { keys: page, truncated: from >= 0 && from + maxKeys < sorted.length };
    },
  };
}

// Keys as S3 allows them: any code point but lone surrogates, astral ones (emoji, CJK extensions) included, keys
// that are prefixes of other keys (a "folder" key and the keys under it), and keys that are exactly where a piece
// may be cut (a piece ends with its cut key and the next begins after it: such a key must be listed once).
const key = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
  fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 6 }),
);
const keys = fc
  .tuple(
    fc.array(key, { minLength: 0, maxLength: 60 }),
    fc.array(fc.nat(), { maxLength: 20 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(14), fc.integer({ min: 2, max: 9 })), { maxLength: 10 }),
  )
  .map(([base, prefixes, cuts]) => {
    const pick = (n: number) => base[n % Math.max(base.length, 1)];
    return [
      ...base,
      ...prefixes.flatMap((n) => {
        const points = Array.from(pick(n) ?? "");
        return points.length ? [points.slice(0, 1 + (n % points.length)).join("")] : [];
      }),
      ...cuts.flatMap(([n, depth, parts]) => cutsAfter(pick(n) ?? "", null, depth, parts)),
    ];
  });

/** Where ListObjectsV2 goes on after a page: its last key, when it says more follows. */
const nextOf = (page: { keys: string[]; truncated: boolean }) =>
  page.truncated ? { key: page.keys[page.keys.length - 1]!, version: null } : null;

type Step = { piece: number; split: { piece: number; parts: number; depth: number } | null };
const steps = fc.array(
  fc.record({
    piece: fc.nat(),
    split: fc.option(
      fc.record({ piece: fc.nat(), parts: fc.integer({ min: 2, max: 9 }), depth: fc.nat(14) }),
    ),
  }),
  { maxLength: 400 },
);

/**
 * Lists a bucket through a plan as a runner would, in an order the test chooses: a page is asked for one piece, the
 * plan may be cut (any piece, the asking one included) while that page is in flight, then the page arrives.
 */
function listThrough(bucket: ReturnType<typeof bucketOf>, order: Step[], pageSize: number) {
  const plan = ListingPlan.whole();
  const listed: string[] = [];
  let step = 0;
  while (!plan.finished) {
    const running = plan.running();
    const s = order[step++] ?? { piece: 0, split: null };
    const asking = running[s.piece % running.length]!;
    const start = plan.startOf(asking.id).key;
    if (s.split) {
      const target = running[s.split.piece % running.length]!;
      plan.split(target.id, s.split.parts, s.split.depth);
    }
    const page = bucket.list(start, pageSize);
    const kept = plan.page(
      asking.id,
      page.keys.map((k) => ({ key: k })),
      nextOf(page),
    );
    listed.push(...kept.map((e) => e.key));
    if (step > 100_000) throw new Error("the listing does not end");
  }
  return { listed, plan };
}

describe("a listing in pieces", () => {
  it("lists every key exactly once, whatever the keys, the page size, and where and when pieces are cut", () => {
    fc.assert(
      fc.property(keys, steps, fc.integer({ min: 1, max: 7 }), (all, order, pageSize) => {
        const bucket = bucketOf(all);
        const { listed, plan } = listThrough(bucket, order, pageSize);
        expect([...listed].sort(compareKeys)).toEqual(bucket.sorted);
        expect(new Set(listed).size).toBe(listed.length);
        // The pieces tile the key space: each key lies in exactly one piece's range.
        for (const k of bucket.sorted) expect(plan.all().filter((p) => inRange(k, p.range))).toHaveLength(1);
      }),
      { numRuns: 400 },
    );
  });

  it("cuts strictly inside the range, in order, however deep or near the end, never above the floor", () => {
    fc.assert(
      fc.property(
        key,
        fc.option(key),
        fc.nat(14),
        fc.integer({ min: 2, max: 40 }),
        fc.nat(14),
        (from, through, depth, parts, floorAsked) => {
          fc.pre(through === null || compareKeys(from, through) < 0);
          // A prefix scan's floor: the prefix's length, which every listed key (and so `from`) has.
          const floor = Math.min(floorAsked, depth, Array.from(from).length);
          const cuts = cutsAfter(from, through, depth, parts, floor);
          const prefix = Array.from(from).slice(0, floor).join("");
          for (const cut of cuts) expect(cut.startsWith(prefix)).toBe(true);
          expect(cuts.length).toBeLessThan(parts);
          let before = from;
          for (const cut of cuts) {
            expect(compareKeys(cut, before)).toBeGreaterThan(0);
            if (through !== null) expect(compareKeys(cut, through)).toBeLessThan(0);
            expect(cut).toBe(cut.toWellFormed());
            before = cut;
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("cuts a counter at its next digits, and a name within its letters", () => {
    // A page of k/00000.dat to k/00999.dat: the keys change at the fifth character, where the last key is at 9 with
    // no digit left, so one up: k/01 to k/09. The piece after them, from k/09999.dat, is cut among k/1 to k/9.
    expect(firstDifference("k/00000.dat", "k/00999.dat")).toBe(4);
    expect(cutsAfter("k/00999.dat", null, 4, 16)).toEqual(Array.from({ length: 9 }, (_, i) => `k/0${i + 1}`));
    expect(cutsAfter("k/09999.dat", null, 4, 4)).toEqual(["k/3", "k/6", "k/9"]);
    // Within the piece's end: no cut at or past it.
    expect(cutsAfter("k/00999.dat", "k/04", 4, 16)).toEqual(["k/01", "k/02", "k/03"]);
    // Letters: from m to z.
    expect(cutsAfter("logs/mars", null, 5, 3)).toEqual(["logs/t", "logs/z"]);
    // Past ASCII, the cuts spread over the rest of Unicode; a 😀 key is cut after it, not before.
    const emoji = cutsAfter("😀/a", null, 0, 3);
    expect(emoji).toHaveLength(2);
    for (const c of emoji) expect(compareKeys(c, "😀/a")).toBeGreaterThan(0);
  });

  it("cuts off pieces of many pages: one character up for every run the page's keys did not cover", () => {
    // 1,000 keys moved 9 digits at depth 4: about 111 keys a digit there, 1,111 one up, 11,111 at depth 2.
    expect(cutDepth("k/00000.dat", "k/00999.dat", 1000, 8000)).toBe(2);
    expect(cutDepth("k/00000.dat", "k/00999.dat", 1000, 1000)).toBe(3);
    // Keys that moved far in one page are cut where they moved.
    expect(cutDepth("logs/a", "logs/z", 1000, 30)).toBe(5);
    expect(cutDepth("a", "b", 10, 1_000_000)).toBe(0);
  });

  it("goes on from each piece's position after a restart", () => {
    const bucket = bucketOf(Array.from({ length: 50 }, (_, i) => `k${String(i).padStart(3, "0")}`));
    const first = ListingPlan.whole();
    const page = bucket.list(null, 10);
    first.page(
      1,
      page.keys.map((k) => ({ key: k })),
      nextOf(page),
    );
    first.split(1, 3, firstDifference(page.keys[0]!, page.keys[9]!));
    // Stored and read back, as a restarted scan does.
    const resumed = new ListingPlan(JSON.parse(JSON.stringify(first.all())));
    const listed = [...page.keys];
    while (!resumed.finished)
      for (const p of resumed.running()) {
        const next = bucket.list(resumed.startOf(p.id).key, 10);
        const kept = resumed.page(
          p.id,
          next.keys.map((k) => ({ key: k })),
          nextOf(next),
        );
        listed.push(...kept.map((e) => e.key));
      }
    expect(listed.sort(compareKeys)).toEqual(bucket.sorted);
  });
});
