import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys, cutText } from "./keys";

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe("key order and cutting", () => {
  it("orders keys as S3 does, by UTF-8 bytes, across the whole of Unicode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(utf8Order(a, b)));
      }),
      { numRuns: 2000 },
    );
    // The case UTF-16 order gets wrong: an emoji (astral) after a BMP character above the surrogates.
    expect(compareKeys("\uff01", "🚀")).toBeLessThan(0);
    expect("\uff01" < "🚀").toBe(false);
  });

  it("never cuts a character in two", () => {
    expect(cutText("ab🚀", 3)).toBe("ab");
    expect(cutText("ab🚀", 4)).toBe("ab🚀");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.nat(40), (s, n) => {
        const cut = cutText(s, n);
        expect(s.startsWith(cut)).toBe(true);
        expect(Buffer.from(cut, "utf8").toString("utf8")).toBe(cut);
      }),
    );
  });
});
