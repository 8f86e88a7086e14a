import { describe, expect, it } from "vitest";
import { reportSources, staleReport } from "@/lib/fleet/inventory";
import type { InventoryConfigSummary } from "@/lib/inventory/config";

const config = (id: string, o: Partial<InventoryConfigSummary> = {}): InventoryConfigSummary => ({
  id,
  enabled: true,
  destinationBucketArn: "arn:aws:s3:::central-reports",
  destinationAccountId: null,
  prefix: "inv/",
  format: "Parquet",
  frequency: "Daily",
  includedVersions: "Current",
  optionalFields: ["ObjectOwner", "ObjectAccessControlList"],
  ...o,
});

describe("which inventory configuration stands for a listing", () => {
  it("takes enabled CSV or Parquet reports with ObjectOwner, ACLs first, then daily before weekly", () => {
    const { sources, unusable } = reportSources("data", [
      config("weekly-acl", { frequency: "Weekly" }),
      config("daily-owner-only", { optionalFields: ["ObjectOwner"] }),
      config("daily-acl"),
      config("off", { enabled: false }),
      config("orc", { format: "ORC" }),
      config("no-owner", { optionalFields: ["Size"] }),
      config("nowhere", { destinationBucketArn: "central-reports" }),
    ]);
    expect(sources.map((s) => s.configId)).toEqual(["daily-acl", "weekly-acl", "daily-owner-only"]);
    expect(sources[0]!.root).toEqual({ bucket: "central-reports", prefix: "inv/data/daily-acl/" });
    expect(unusable).toEqual([
      'inventory "off": it is disabled',
      'inventory "orc": its reports are ORC, not CSV or Parquet',
      'inventory "no-owner": its reports lack ObjectOwner',
      'inventory "nowhere": its destination is not a bucket ARN',
    ]);
  });

  it("caps a configuration's ID where it names it", () => {
    const { unusable } = reportSources("data", [config("x".repeat(1000), { enabled: false })]);
    expect(unusable[0]!.length).toBeLessThan(100);
  });
});

describe("whether a report is recent enough", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  const [daily, weekly] = reportSources("data", [config("d"), config("w", { frequency: "Weekly" })]).sources;

  it("takes a daily report up to two days old and a weekly one up to eight", () => {
    expect(staleReport(daily!, "2026-12-05T13:00:00.000Z", now)).toBeNull();
    expect(staleReport(daily!, "2026-12-04T11:00:00.000Z", now)).toMatch(/from 2026-12-04, 3 days old/);
    expect(staleReport(weekly!, "2026-11-30T00:00:00.000Z", now)).toBeNull();
    expect(staleReport(weekly!, "2026-11-28T00:00:00.000Z", now)).toMatch(/9 days old.*up to 8 days/);
  });

  it("refuses a report dated in the future or not at all", () => {
    expect(staleReport(daily!, "2026-12-09T12:00:00.000Z", now)).toMatch(/in the future/);
    expect(staleReport(daily!, "not a date", now)).toMatch(/no valid date/);
  });
});
