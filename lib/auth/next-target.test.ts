import { describe, expect, it } from "vitest";
import { safeNextTarget } from "@/lib/auth/next-target";

describe("safeNextTarget", () => {
  it("keeps paths on this site", () => {
    for (const ok of ["/", "/buckets/lab/b?x=1#top", "/scans/12", "/a%2F%2Fb"])
      expect(safeNextTarget(ok)).toBe(ok);
  });

  it("refuses anything a browser could read as another host", () => {
    for (const bad of [
      "/\\example.com",
      "/\t/example.com",
      "/\n/example.com",
      "//example.com",
      "///example.com",
      "https://example.com",
      "example.com",
      "/%5Cexample.com".replace("%5C", "\\"),
      "javascript:alert(1)",
      " /x",
      "",
      null,
      undefined,
      `/${"a".repeat(3000)}`,
    ])
      expect(safeNextTarget(bad), String(bad)).toBe("/");
  });
});
