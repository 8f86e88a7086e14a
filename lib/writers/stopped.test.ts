import { describe, expect, it } from "vitest";
import { stoppedSince, type SinceEvidence } from "@/lib/writers/stopped";

const D = "2026-12-01T00:00:00.000Z";
const none: SinceEvidence = { lastWithoutAcl: null, logsTo: null, lastWithAcl: null, scan: null, live: null };
const scan = (locked: number, readable: number) => ({
  finishedAt: "2026-12-05T00:00:00.000Z",
  locked,
  lastLocked: locked ? "2026-12-04T00:00:00.000Z" : null,
  readable,
});

describe("stoppedSince", () => {
  it("says nothing yet when nothing read covers the time since the change", () => {
    expect(stoppedSince(D, none).state).toBe("not-seen-yet");
    // Writes before the change say nothing of after it.
    expect(stoppedSince(D, { ...none, lastWithoutAcl: "2026-11-30T23:59:59.000Z" }).state).toBe(
      "not-seen-yet",
    );
    expect(stoppedSince(D, { ...none, scan: scan(0, 0), logsTo: "2026-12-02T00:00:00.000Z" })).toMatchObject({
      state: "not-seen-yet",
      evidence: [expect.stringMatching(/logs up to 2026-12-02.*scan of 2026-12-05/)],
    });
  });

  it("says still writing on any write without the ACL since, whatever else says it stopped", () => {
    expect(
      stoppedSince(D, { ...none, lastWithoutAcl: "2026-12-01T00:00:01.000Z", scan: scan(0, 9) }).state,
    ).toBe("still-writing");
    expect(stoppedSince(D, { ...none, scan: scan(1, 9) }).evidence[0]).toMatch(/1 of its objects/);
    expect(
      stoppedSince(D, { ...none, live: { locked: 2, lastLocked: D, readable: 0, unjudged: 0 } }).state,
    ).toBe("still-writing");
  });

  it("says stopped when writes since were seen and all carry the ACL or are readable", () => {
    expect(stoppedSince(D, { ...none, lastWithAcl: "2026-12-03T00:00:00.000Z" }).state).toBe("stopped");
    expect(stoppedSince(D, { ...none, scan: scan(0, 3) }).state).toBe("stopped");
    expect(
      stoppedSince(D, { ...none, live: { locked: 0, lastLocked: null, readable: 1, unjudged: 0 } }).state,
    ).toBe("stopped");
  });
});
