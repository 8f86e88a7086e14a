import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesWildcard } from "./wildcard";

// The slow but obvious meaning, for comparison: a regular expression over a few characters.
const byRegex = (pattern: string, text: string) =>
  new RegExp(
    `^${[...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
    "u",
  ).test(text);

describe("wildcard matching", () => {
  it("means what the regular expression means", () => {
    const chars = fc.constantFrom("a", "b", "*", "?", "🚀");
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 8 }),
        fc.array(fc.constantFrom("a", "b", "🚀"), { maxLength: 8 }),
        (p, t) => {
          expect(matchesWildcard(p.join(""), t.join(""), { question: true })).toBe(
            byRegex(p.join(""), t.join("")),
          );
        },
      ),
      { numRuns: 2000 },
    );
    expect(matchesWildcard("S3:put*", "s3:PutObject", { ignoreCase: true })).toBe(true);
  });

  it("answers at once for a pattern of many stars (a regular expression took seconds)", () => {
    const started = performance.now();
    expect(matchesWildcard(`s3:${"*".repeat(40)}Policy`, "s3:PutObject")).toBe(false);
    expect(matchesWildcard(`${"a*".repeat(30)}b`, "a".repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
