import { z } from "zod";

/** An S3 Inventory report's manifest.json, as AWS documents it (the fields Ownerscope reads). */
export const inventoryManifestSchema = z.object({
  sourceBucket: z.string().min(1),
  destinationBucket: z.string().min(1),
  version: z.string().optional(),
  creationTimestamp: z.string().regex(/^\d+$/, "milliseconds since the epoch"),
  fileFormat: z.enum(["CSV", "ORC", "Parquet"]),
  fileSchema: z.string().min(1),
  files: z.array(
    z.object({ key: z.string().min(1), size: z.number().nonnegative(), MD5checksum: z.string() }),
  ),
});

export type InventoryManifest = z.infer<typeof inventoryManifestSchema>;

/**
 * One spelling for a field whatever the format calls it: CSV's "LastModifiedDate" and Parquet's
 * "last_modified_date" are both "lastmodifieddate".
 */
export const fieldName = (name: string) => name.replace(/[_\s]/g, "").toLowerCase();

/** The CSV columns, in order, from the manifest's fileSchema ("Bucket, Key, VersionId, …"). */
export const csvColumns = (m: InventoryManifest) => m.fileSchema.split(",").map((c) => fieldName(c.trim()));

/** The report's date: when S3 made it. */
export const reportDate = (m: InventoryManifest) => new Date(Number(m.creationTimestamp)).toISOString();

/** Which of the ownership fields the report carries; without them some keys need a live check. */
export function ownershipFields(m: InventoryManifest): { owner: boolean; acl: boolean; versions: boolean } {
  const schema = fieldName(m.fileSchema);
  return {
    owner: schema.includes("objectowner"),
    acl: schema.includes("objectaccesscontrollist"),
    versions: schema.includes("versionid"),
  };
}

/** An s3:// location split into bucket and key (or prefix). */
export function parseS3Url(url: string): { bucket: string; key: string } | null {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  return m ? { bucket: m[1]!, key: m[2]! } : null;
}
