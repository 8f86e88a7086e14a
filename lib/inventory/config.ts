/** An inventory configuration as Ownerscope reads it back from a bucket (reshaped from the SDK's type). */
export type InventoryConfigSummary = {
  id: string;
  enabled: boolean;
  destinationBucketArn: string | null;
  destinationAccountId: string | null;
  prefix: string | null;
  format: string | null;
  frequency: string | null;
  includedVersions: string | null;
  optionalFields: string[];
};

export type InventoryCheck = InventoryConfigSummary & {
  hasOwner: boolean;
  hasAcl: boolean;
  /** What to change so that Ownerscope can audit from this configuration's reports; empty when nothing. */
  advice: string[];
};

/** The fields an audit needs beyond the defaults, and the ones that make a report comparable to a live scan. */
const ownershipOptionalFields = [
  "Size",
  "LastModifiedDate",
  "StorageClass",
  "ETag",
  "ObjectOwner",
  "ObjectAccessControlList",
] as const;

/** Whether a configuration's reports can stand in for a live scan, and what to change when not. */
export function checkInventoryConfig(c: InventoryConfigSummary): InventoryCheck {
  const hasOwner = c.optionalFields.includes("ObjectOwner");
  const hasAcl = c.optionalFields.includes("ObjectAccessControlList");
  const advice: string[] = [];
  if (!c.enabled) advice.push("It is disabled: enable it, or S3 delivers no report.");
  if (!hasOwner) advice.push("Add the optional field ObjectOwner: without it every key needs a live check.");
  if (!hasAcl)
    advice.push(
      "Add the optional field ObjectAccessControlList: without it every foreign key needs a live check.",
    );
  if (c.format === "ORC") advice.push("Deliver CSV or Parquet: Ownerscope does not read ORC.");
  return { ...c, hasOwner, hasAcl, advice };
}

export type InventoryPlanInput = {
  sourceBucket: string;
  /** Where reports go: a bucket name, possibly in another account. */
  destinationBucket: string;
  destinationAccountId: string | null;
  sourceAccountId: string | null;
  prefix: string;
  format: "CSV" | "Parquet";
  frequency: "Daily" | "Weekly";
  versions: boolean;
};

/**
 * The configuration to apply (the JSON for put-bucket-inventory-configuration and the aws CLI command), and the
 * destination bucket's policy that lets S3 deliver reports there, including from another account.
 */
export function inventoryPlan(p: InventoryPlanInput) {
  const id = "ownerscope-ownership";
  const destinationArn = `arn:aws:s3:::${p.destinationBucket}`;
  const configuration = {
    Id: id,
    IsEnabled: true,
    Destination: {
      S3BucketDestination: {
        ...(p.destinationAccountId ? { AccountId: p.destinationAccountId } : {}),
        Bucket: destinationArn,
        Format: p.format,
        Prefix: p.prefix || "inventory",
      },
    },
    IncludedObjectVersions: p.versions ? "All" : "Current",
    OptionalFields: [...ownershipOptionalFields],
    Schedule: { Frequency: p.frequency },
  };
  const json = JSON.stringify(configuration, null, 2);
  const cli =
    `aws s3api put-bucket-inventory-configuration --bucket ${p.sourceBucket} --id ${id} ` +
    `--inventory-configuration '${JSON.stringify(configuration)}'`;
  const destinationPolicy = JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowS3InventoryDelivery",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${destinationArn}/*`,
          Condition: {
            ArnLike: { "aws:SourceArn": `arn:aws:s3:::${p.sourceBucket}` },
            StringEquals: {
              ...(p.sourceAccountId ? { "aws:SourceAccount": p.sourceAccountId } : {}),
              "s3:x-amz-acl": "bucket-owner-full-control",
            },
          },
        },
      ],
    },
    null,
    2,
  );
  return {
    id,
    configuration: json,
    cli,
    destinationPolicy,
    scanFrom: `s3://${p.destinationBucket}/${configuration.Destination.S3BucketDestination.Prefix}/${p.sourceBucket}/${id}/`,
  };
}
