import { describe, expect, it } from "vitest";
import { SAMPLES, UNKNOWN_AGENTS } from "@/lib/writers/agents.test-data";
import { TOOLS, identify } from "@/lib/writers/catalogue";

describe("the tools' fingerprints, on real requests", () => {
  for (const s of SAMPLES)
    it(`${s.tool}: ${(s.userAgent ?? s.session ?? s.invokedBy)!.slice(0, 70)}`, () => {
      const found = identify({
        userAgent: s.userAgent ?? null,
        session: s.session ?? null,
        invokedBy: s.invokedBy ?? null,
      });
      expect(found?.tool.id).toBe(s.tool);
      if (s.version !== undefined) expect(found?.version).toBe(s.version);
      if (s.job !== undefined) expect(found?.job).toBe(s.job);
    });

  it("every tool of the catalogue has a real request that names it, and a setting with its source", () => {
    const named = new Set(SAMPLES.map((s) => s.tool));
    expect(TOOLS.filter((t) => !named.has(t.id)).map((t) => t.id)).toEqual([]);
    for (const t of TOOLS) {
      expect(t.fix.source, t.id).toMatch(/^https:\/\//);
      expect(t.fix.example, t.id).not.toMatch(/\n/);
    }
  });

  it("names no tool for an agent it does not know: it is shown as it is", () => {
    for (const ua of UNKNOWN_AGENTS)
      expect(identify({ userAgent: ua, session: null, invokedBy: null })).toBeNull();
    expect(identify({ userAgent: null, session: "i-0c406f306dc32cfb4", invokedBy: null })).toBeNull();
  });

  it("a managed service's session wins over the SDK it writes with", () => {
    const found = identify({
      userAgent: "aws-internal/3 aws-sdk-java/1.12.414",
      session: "AWSFirehoseToS3",
      invokedBy: null,
    });
    expect(found?.tool.id).toBe("firehose");
  });

  it("keeps a hostile agent's version short", () => {
    const hostile = `Hadoop ${"1".repeat(400)}, ${"aws-sdk-java/".repeat(8)}`;
    const found = identify({ userAgent: hostile.slice(0, 512), session: null, invokedBy: null });
    expect(found?.version?.length).toBeLessThanOrEqual(64);
  });
});
