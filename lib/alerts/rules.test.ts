import { describe, expect, it } from "vitest";
import { decideAlert } from "@/lib/alerts/rules";

const now = new Date("2026-12-06T12:00:00.000Z");
const rule = (over: Partial<Parameters<typeof decideAlert>[0]> = {}) => ({
  threshold: 1,
  digestMinutes: null,
  lastAlertAt: null,
  createdAt: "2026-12-06T11:00:00.000Z",
  ...over,
});
const seen = (total: number, secondsAgo = 5) => ({
  total,
  firstCheckedAt: new Date(now.getTime() - secondsAgo * 1000).toISOString(),
});

describe("decideAlert", () => {
  it("skips when nothing is unseen, waits below the threshold", () => {
    expect(decideAlert(rule(), { total: 0, firstCheckedAt: null }, now)).toBe("skip");
    expect(decideAlert(rule({ threshold: 3 }), seen(2), now)).toBe("wait");
    expect(decideAlert(rule({ threshold: 3 }), seen(3), now)).toBe("alert");
  });

  it("an immediate rule lets a burst gather for a second before its one alert", () => {
    expect(decideAlert(rule(), seen(4, 0.5), now)).toBe("wait");
    expect(decideAlert(rule(), seen(4, 1), now)).toBe("alert");
  });

  it("a digest alerts once its period has passed since the last alert, or since the rule was made", () => {
    expect(
      decideAlert(rule({ digestMinutes: 60, lastAlertAt: "2026-12-06T11:30:00.000Z" }), seen(9), now),
    ).toBe("wait");
    expect(
      decideAlert(rule({ digestMinutes: 60, lastAlertAt: "2026-12-06T10:59:00.000Z" }), seen(9), now),
    ).toBe("alert");
    expect(decideAlert(rule({ digestMinutes: 30 }), seen(1), now)).toBe("alert");
  });
});
