import { describe, expect, it } from "vitest";
import { eventRefusal, ruleRefusal } from "./arrival";

const window = { arrivedAfter: "2026-12-06T10:00:00.000Z", arrivedBefore: "2026-12-06T10:17:00.000Z" };
const since = "2026-12-06T09:00:00.000Z";

describe("what fixing by rule may touch", () => {
  it("fixes an object S3 shows was written in its arrival's window, after watching began", () => {
    expect(ruleRefusal("2026-12-06T10:14:59.000Z", window, since)).toBeNull();
  });

  it("refuses an object that was in the bucket before its event (a forged or replayed event)", () => {
    expect(ruleRefusal("2026-11-01T00:00:00.000Z", window, since)).toMatch(/last written at 2026-11-01/);
    expect(ruleRefusal("2026-12-06T10:05:00.000Z", window, "2026-12-06T10:10:00.000Z")).toMatch(/not when/);
  });

  it("refuses without S3's word or a reported window", () => {
    expect(ruleRefusal(null, window, since)).toMatch(/did not say/);
    expect(
      ruleRefusal("2026-12-06T10:14:59.000Z", { arrivedAfter: null, arrivedBefore: null }, since),
    ).toMatch(/not reported/);
  });
});

describe("what joins the live record on an event's word", () => {
  const received = "2026-12-06T10:10:00.000Z";
  it("takes an object S3 shows was written while watched, shortly before its event", () => {
    expect(eventRefusal("2026-12-06T10:09:58.000Z", received, since)).toBeNull();
    expect(eventRefusal(undefined, received, since)).toBeNull();
  });

  it("refuses an object written before watching began, or long before its event, or after it", () => {
    expect(eventRefusal("2026-12-06T08:00:00.000Z", received, since)).toMatch(/not when its event came/);
    expect(eventRefusal("2026-12-06T08:59:00.000Z", "2026-12-06T12:00:00.000Z", since)).toMatch(/not when/);
    expect(eventRefusal("2026-12-06T11:00:00.000Z", received, since)).toMatch(/not when/);
  });
});
