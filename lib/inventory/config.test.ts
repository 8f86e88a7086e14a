import { describe, expect, it } from "vitest";
import { checkInventoryConfig, inventoryPlan, type InventoryConfigSummary } from "@/lib/inventory/config";

const base: InventoryConfigSummary = {
  id: "daily",
  enabled: true,
  destinationBucketArn: "arn:aws:s3:::reports",
  destinationAccountId: null,
  prefix: "inv",
  format: "CSV",
  frequency: "Daily",
  includedVersions: "Current",
  optionalFields: ["Size", "ObjectOwner", "ObjectAccessControlList"],
};

describe("checkInventoryConfig", () => {
  it("accepts a configuration with both ownership fields", () => {
    expect(checkInventoryConfig(base)).toMatchObject({ hasOwner: true, hasAcl: true, advice: [] });
  });
  it("says what to add or change", () => {
    const c = checkInventoryConfig({ ...base, enabled: false, format: "ORC", optionalFields: ["Size"] });
    expect(c.advice).toEqual([
      "It is disabled: enable it, or S3 delivers no report.",
      "Add the optional field ObjectOwner: without it every key needs a live check.",
      "Add the optional field ObjectAccessControlList: without it every foreign key needs a live check.",
      "Deliver CSV or Parquet: Ownerscope does not read ORC.",
    ]);
  });
});

describe("inventoryPlan", () => {
  const plan = inventoryPlan({
    sourceBucket: "logs-b",
    destinationBucket: "central-reports",
    destinationAccountId: "444455556666",
    sourceAccountId: "111122223333",
    prefix: "inv",
    format: "Parquet",
    frequency: "Daily",
    versions: true,
  });
  it("asks for the ownership fields, delivered to another account's bucket", () => {
    const c = JSON.parse(plan.configuration);
    expect(c.OptionalFields).toEqual(expect.arrayContaining(["ObjectOwner", "ObjectAccessControlList"]));
    expect(c.Destination.S3BucketDestination).toEqual({
      AccountId: "444455556666",
      Bucket: "arn:aws:s3:::central-reports",
      Format: "Parquet",
      Prefix: "inv",
    });
    expect(c.IncludedObjectVersions).toBe("All");
    expect(plan.cli).toMatch(
      /^aws s3api put-bucket-inventory-configuration --bucket logs-b --id ownerscope-ownership --inventory-configuration '\{/,
    );
    expect(JSON.parse(plan.cli.slice(plan.cli.indexOf("'") + 1, -1))).toEqual(c);
  });
  it("lets S3 deliver into the destination only for this source bucket and account", () => {
    const policy = JSON.parse(plan.destinationPolicy);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: "s3.amazonaws.com" },
      Resource: "arn:aws:s3:::central-reports/*",
      Condition: {
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::logs-b" },
        StringEquals: { "aws:SourceAccount": "111122223333", "s3:x-amz-acl": "bucket-owner-full-control" },
      },
    });
    expect(plan.scanFrom).toBe("s3://central-reports/inv/logs-b/ownerscope-ownership/");
  });
});
