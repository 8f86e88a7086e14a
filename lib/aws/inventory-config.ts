import "server-only";
import { ListBucketInventoryConfigurationsCommand } from "@aws-sdk/client-s3";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { httpStatusOf, toAppError } from "@/lib/aws/errors";
import type { InventoryConfigSummary } from "@/lib/inventory/config";

export type InventoryConfigs =
  { supported: true; configs: InventoryConfigSummary[] } | { supported: false; reason: string };

/** A bucket's inventory configurations; endpoints without S3 Inventory (Ceph RGW, MinIO) say so instead. */
export async function listInventoryConfigs(target: AwsTarget, bucket: string): Promise<InventoryConfigs> {
  const configs: InventoryConfigSummary[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await s3For(target).send(
        new ListBucketInventoryConfigurationsCommand({ Bucket: bucket, ContinuationToken: token }),
      );
      for (const c of page.InventoryConfigurationList ?? []) {
        const d = c.Destination?.S3BucketDestination;
        configs.push({
          id: c.Id ?? "",
          enabled: c.IsEnabled ?? false,
          destinationBucketArn: d?.Bucket ?? null,
          destinationAccountId: d?.AccountId ?? null,
          prefix: d?.Prefix ?? null,
          format: d?.Format ?? null,
          frequency: c.Schedule?.Frequency ?? null,
          includedVersions: c.IncludedObjectVersions ?? null,
          optionalFields: c.OptionalFields ?? [],
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    const status = httpStatusOf(error);
    const name = (error as Error).name;
    if (status === 405 || status === 501 || name === "NotImplemented" || name === "MethodNotAllowed")
      return { supported: false, reason: "this endpoint does not implement S3 Inventory" };
    throw toAppError(error, `read the inventory configurations of ${bucket}`);
  }
  return { supported: true, configs };
}
