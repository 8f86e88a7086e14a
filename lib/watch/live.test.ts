import { describe, expect, it } from "vitest";
import type { ObjectStatus } from "@/lib/audit/types";
import { arrivalOutcome, isAlerting } from "./live";

const since = "2026-12-01T00:00:00.000Z";
const event = { receivedAt: "2026-12-05T12:00:00.000Z" };
const at = (
  status: Parameters<typeof isAlerting>[0] & string,
  lastModified: string | null = event.receivedAt,
) => ({
  status,
  lastModified,
});

describe("arrivalOutcome", () => {
  it("says an object that is gone is missing", () => {
    expect(arrivalOutcome(null, event, since, () => false)).toBe("missing");
  });

  it("refuses an object S3 shows was written before watching began, or long before its event", () => {
    expect(arrivalOutcome(at("foreign-locked", "2026-11-30T00:00:00.000Z"), event, since, () => false)).toBe(
      "not-new",
    );
    expect(arrivalOutcome(at("foreign-locked", "2026-12-05T09:00:00.000Z"), event, since, () => false)).toBe(
      "not-new",
    );
    expect(arrivalOutcome(at("foreign-locked", "2026-12-05T11:59:00.000Z"), event, since, () => false)).toBe(
      "foreign",
    );
  });

  it("knows Ownerscope's own fix only for what a fix leaves, and asks for the job only then", () => {
    let asked = 0;
    const ownFix = () => {
      asked++;
      return true;
    };
    expect(arrivalOutcome(at("owned"), event, since, ownFix)).toBe("own-fix");
    expect(arrivalOutcome(at("foreign-full-control"), event, since, ownFix)).toBe("own-fix");
    expect(arrivalOutcome(at("foreign-locked"), event, since, ownFix)).toBe("foreign");
    expect(asked).toBe(2);
    expect(arrivalOutcome(at("owned"), event, since, () => false)).toBe("owned");
    expect(arrivalOutcome(at("foreign-full-control"), event, since, () => false)).toBe("foreign");
  });

  it("alerts on what the bucket owner cannot use as its own", () => {
    const statuses: (ObjectStatus | null)[] = ["owned", "foreign-full-control", "foreign-readable"];
    statuses.push("foreign-locked", "unknown", null);
    expect(statuses.map(isAlerting)).toEqual([false, false, true, true, true, false]);
  });
});
