import { describe, expect, it } from "vitest";
import type { InventoryConfigSummary } from "@/lib/inventory/config";
import { configurationRoots, placeIn, rootOf } from "@/lib/inventory/locations";

const config = (over: Partial<InventoryConfigSummary>): InventoryConfigSummary => ({
  id: "daily",
  enabled: true,
  destinationBucketArn: "arn:aws:s3:::central-reports",
  destinationAccountId: null,
  prefix: "inventory",
  format: "CSV",
  frequency: "Daily",
  includedVersions: "Current",
  optionalFields: [],
  ...over,
});

describe("configurationRoots", () => {
  it("is where S3 delivers each configuration's reports: prefix, source bucket, configuration ID", () => {
    expect(
      configurationRoots("logs-b", [
        config({}),
        config({ id: "weekly", prefix: null, destinationBucketArn: "arn:aws-cn:s3:::cn-reports" }),
        config({ id: "trailing", prefix: "inv/" }),
      ]),
    ).toEqual([
      { bucket: "central-reports", prefix: "inventory/logs-b/daily/" },
      { bucket: "cn-reports", prefix: "logs-b/weekly/" },
      { bucket: "central-reports", prefix: "inv/logs-b/trailing/" },
    ]);
  });

  it("skips a configuration whose destination is not a bucket ARN", () => {
    expect(configurationRoots("b", [config({ destinationBucketArn: null }), config({ id: "" })])).toEqual([]);
    expect(configurationRoots("b", [config({ destinationBucketArn: "arn:aws:s3:::x/y" })])).toEqual([]);
  });
});

describe("placeIn", () => {
  const roots = [rootOf({ bucket: "reports", key: "e2e" }), { bucket: "whole", prefix: "" }];

  it("closes an admin's prefix with a slash", () => {
    expect(roots[0]).toEqual({ bucket: "reports", prefix: "e2e/" });
  });

  it("finds the root a manifest or a folder lies in", () => {
    expect(placeIn({ bucket: "reports", key: "e2e/b/c/2026-12-01T00-00Z/manifest.json" }, roots)?.root).toBe(
      roots[0],
    );
    expect(placeIn({ bucket: "whole", key: "anything/at/all" }, roots)?.root).toBe(roots[1]);
  });

  it("reads the root's folder named without its slash as the folder, never as a wider prefix", () => {
    expect(placeIn({ bucket: "reports", key: "e2e" }, roots)?.location).toEqual({
      bucket: "reports",
      key: "e2e/",
    });
  });

  it("refuses a sibling folder that only starts the same way, another bucket, or a parent", () => {
    expect(placeIn({ bucket: "reports", key: "e2e-other/" }, roots)).toBeNull();
    expect(placeIn({ bucket: "reports", key: "" }, roots)).toBeNull();
    expect(placeIn({ bucket: "reports-2", key: "e2e/" }, roots)).toBeNull();
  });
});
