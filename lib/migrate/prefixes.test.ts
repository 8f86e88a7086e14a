import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys } from "@/lib/keys";
import { RunFinder, coverRun, resourceOf, type Cover } from "@/lib/migrate/prefixes";

/** Every cover of a sorted key set, granted or not per key, the way the database layer drives it. */
function coversOf(entries: [string, boolean][]): Cover[] {
  const sorted = [...new Map(entries)].sort(([a], [b]) => compareKeys(a, b));
  const finder = new RunFinder(10_000);
  for (const [key, granted] of sorted) finder.key(key, granted);
  return finder.runs.flatMap((run) => [
    ...coverRun(
      sorted.filter(([k]) => compareKeys(k, run.first) >= 0 && compareKeys(k, run.last) <= 0).map(([k]) => k),
      run,
    ),
  ]);
}

const matches = (c: Cover, key: string) => (c.exact ? key === c.prefix : key.startsWith(c.prefix));

describe("the prefixes that cover exactly the granted keys", () => {
  it("covers every granted key and no other, for any keys (property)", () => {
    const key = fc.string({ unit: fc.constantFrom("a", "b", "/", "-", "."), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.boolean()), { maxLength: 40 }), (entries) => {
        const truth = new Map(entries);
        const covers = coversOf(entries);
        for (const [k, granted] of truth) expect(covers.some((c) => matches(c, k))).toBe(granted);
      }),
      { numRuns: 400 },
    );
  });

  it("covers keys drawn from the whole of Unicode, astral planes included, and never cuts inside a character (property)", () => {
    const unit = fc.oneof(
      fc.constantFrom("a", "/", "\u00e9", "\u0301", "\u200f", "\ufffd", "\uffff"),
      fc.constantFrom("\u{1F680}", "\u{1F692}", "\u{10000}", "\u{10FFFF}", "\u{20000}"),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    );
    const key = fc.string({ unit, minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.boolean()), { maxLength: 30 }), (entries) => {
        const truth = new Map(entries);
        const covers = coversOf(entries);
        for (const c of covers) expect(c.prefix.isWellFormed()).toBe(true);
        for (const [k, granted] of truth) expect(covers.some((c) => matches(c, k))).toBe(granted);
      }),
      { numRuns: 400 },
    );
  });

  it("covers two emoji keys of one folder without cutting a character in two", () => {
    const covers = coversOf([
      ["launch/\u{1F680} plan.json", true],
      ["launch/\u{1F692} drill.json", true],
      ["launch/\u{1F6A2} ship.json", false],
      ["launch/readme.txt", false],
      ["other.txt", false],
    ]);
    expect(covers.every((c) => c.prefix.isWellFormed())).toBe(true);
    // Each is alone under its first character, with no folder of its own: named exactly.
    expect(covers).toEqual([
      { prefix: "launch/\u{1F680} plan.json", exact: true },
      { prefix: "launch/\u{1F692} drill.json", exact: true },
    ]);
  });

  it("names a folder, not a fragment, where the folder is exact", () => {
    expect(
      coversOf([
        ["b-own/x.txt", false],
        ["incoming/report.csv", true],
        ["public/a.txt", false],
      ]),
    ).toEqual([{ prefix: "incoming/", exact: false }]);
  });

  it("keeps a near neighbour out (partner/ but not partner-not/), and names a key exactly when a longer key is not granted", () => {
    expect(
      coversOf([
        ["reports/c-only.csv", true],
        ["reports/c-only.csv.bak", false],
        ["shared/partner-not/four.csv", false],
        ["shared/partner/one.csv", true],
        ["shared/partner/two.csv", true],
      ]),
    ).toEqual([
      { prefix: "reports/c-only.csv", exact: true },
      { prefix: "shared/partner/", exact: false },
    ]);
  });

  it("stops finding runs past its bound and says so", () => {
    const finder = new RunFinder(2);
    ["a", "b", "c", "d", "e"].forEach((k, i) => finder.key(k, i % 2 === 0));
    expect(finder.runs).toHaveLength(2);
    expect(finder.overflow).toBe(true);
  });

  it("writes a key's own wildcard characters as policy variables", () => {
    expect(resourceOf("b", { prefix: "odd/*?$x", exact: true })).toBe("arn:aws:s3:::b/odd/${*}${?}${$}x");
    expect(resourceOf("b", { prefix: "dir/", exact: false })).toBe("arn:aws:s3:::b/dir/*");
  });
});
