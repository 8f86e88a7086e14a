import { describe, expect, it } from "vitest";
import type { ReadinessItem } from "@/lib/migrate/readiness";
import { impactInWords } from "@/lib/migrate/summary";

const item = (severity: ReadinessItem["severity"], keptByPolicy?: boolean): ReadinessItem => ({
  id: `${severity}-${Math.random()}`,
  severity,
  title: "t",
  detail: "d",
  remedy: null,
  ...(keptByPolicy === undefined ? {} : { keptByPolicy }),
});

describe("impactInWords", () => {
  it("counts readers cut off, writers refused, and those the translated policy keeps", () => {
    expect(
      impactInWords({
        items: [
          item("reader-loses", true),
          item("reader-loses", false),
          item("reader-loses", true),
          item("writer-refused"),
        ],
      }),
    ).toBe("Enforcing would cut off 3 readers and refuse 1 writer; the translated policy keeps 2 of them.");
  });

  it("says what must change first, and says so when nobody breaks", () => {
    expect(impactInWords({ items: [item("blocks"), item("info")] })).toBe(
      "1 setting must change first. Enforcing would cut off no reader and refuse no writer.",
    );
  });
});
