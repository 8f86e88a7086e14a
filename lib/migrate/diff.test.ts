import { describe, expect, it } from "vitest";
import { changedOnly, lineDiff } from "@/lib/migrate/diff";

describe("changedOnly", () => {
  it("keeps each change with two lines around it and counts the unchanged runs it leaves out", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const after = before.replace("line 10", "line ten");
    expect(changedOnly(lineDiff(before, after))).toEqual([
      { op: "…", skipped: 8 },
      { op: " ", line: "line 8" },
      { op: " ", line: "line 9" },
      { op: "-", line: "line 10" },
      { op: "+", line: "line ten" },
      { op: " ", line: "line 11" },
      { op: " ", line: "line 12" },
      { op: "…", skipped: 7 },
    ]);
  });

  it("shows a new policy whole (every line is added) and an unchanged one as one skipped run", () => {
    expect(changedOnly(lineDiff("", "a\nb"))).toEqual([
      { op: "+", line: "a" },
      { op: "+", line: "b" },
    ]);
    expect(changedOnly(lineDiff("a\nb\nc", "a\nb\nc"))).toEqual([{ op: "…", skipped: 3 }]);
  });
});
