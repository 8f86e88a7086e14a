import type { InventoryConfigSummary } from "@/lib/inventory/config";

/** A place reports may be read from: a bucket and a folder in it ("" for the whole bucket, else ending in "/"). */
export type ReportRoot = { bucket: string; prefix: string };

export type S3Location = { bucket: string; key: string };

export const rootUrl = (r: ReportRoot) => `s3://${r.bucket}/${r.prefix}`;

/**
 * Where S3 delivers a configuration's reports: DESTINATION-PREFIX/SOURCE-BUCKET/CONFIG-ID/ in the destination
 * bucket (named by ARN). Manifests and data files of that configuration all lie under it.
 */
export function configurationRoots(sourceBucket: string, configs: InventoryConfigSummary[]): ReportRoot[] {
  return configs.flatMap((c) => {
    const bucket = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(c.destinationBucketArn ?? "")?.[1];
    if (!bucket || !c.id) return [];
    const prefix = c.prefix ? `${c.prefix.replace(/\/+$/, "")}/` : "";
    return [{ bucket, prefix: `${prefix}${sourceBucket}/${c.id}/` }];
  });
}

/** An admin's s3://BUCKET/PREFIX as a root: a prefix names a folder, so it is closed with a slash. */
export function rootOf(location: S3Location): ReportRoot {
  return {
    bucket: location.bucket,
    prefix: location.key && !location.key.endsWith("/") ? `${location.key}/` : location.key,
  };
}

/**
 * The root a location lies in, and the location as read: a location naming the root's folder without its slash is
 * read as the folder, so that listing it cannot reach a sibling folder that only starts the same way.
 */
export function placeIn(
  location: S3Location,
  roots: ReportRoot[],
): { root: ReportRoot; location: S3Location } | null {
  for (const root of roots) {
    if (root.bucket !== location.bucket) continue;
    if (location.key.startsWith(root.prefix)) return { root, location };
    if (`${location.key}/` === root.prefix) return { root, location: { ...location, key: root.prefix } };
  }
  return null;
}
