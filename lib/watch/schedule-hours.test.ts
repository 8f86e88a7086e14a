import { describe, expect, it } from "vitest";
import { everyHoursProblem } from "@/lib/watch/schedule-hours";

describe("everyHoursProblem", () => {
  it("says in words why an interval cannot be saved, and accepts the bounds themselves", () => {
    expect(everyHoursProblem(0)).toBe("Rescan at most every 15 minutes: type 0.25 hours or more.");
    expect(everyHoursProblem(745)).toBe("Rescan at least once a month: type 744 hours or fewer.");
    expect(everyHoursProblem(Number.NaN)).toBe("Type a number of hours, such as 24 or 0.5.");
    expect(everyHoursProblem(0.25)).toBeNull();
    expect(everyHoursProblem(744)).toBeNull();
  });
});
