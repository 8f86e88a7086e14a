import { describe, expect, it } from "vitest";
import { viewInWords } from "@/lib/audit/view-words";

describe("viewInWords", () => {
  it("says nothing of the whole scan", () => {
    expect(viewInWords({})).toEqual([]);
  });

  it("restates each filter in the words the page uses, as typed or as the URL carries it", () => {
    const words = viewInWords(
      {
        status: "foreign-locked,foreign-readable",
        prefix: "exports/",
        q: "2024",
        owner: "79a59df9",
        foreign: "1",
        public: true,
        minSize: "1048576",
        maxSize: 2048,
        from: "2026-01-01",
        to: "2026-02-01",
      },
      (id) => (id === "79a59df9" ? "Partner A" : id),
    );
    expect(words).toEqual([
      "status foreign, locked or foreign, readable",
      "under exports/",
      "key contains “2024”",
      "owned by Partner A",
      "foreign-owned only",
      "with a public grant",
      "at least 1.0 MiB",
      "at most 2.0 KiB",
      "modified from 2026-01-01",
      "modified until 2026-02-01",
    ]);
  });

  it("cuts what a hostile link makes long, and leaves flags that are off unsaid", () => {
    const words = viewInWords({ q: "x".repeat(5_000), foreign: "0", public: "false" });
    expect(words).toHaveLength(1);
    expect(words[0]!.length).toBeLessThan(120);
    expect(words[0]).toMatch(/…”$/);
  });
});
