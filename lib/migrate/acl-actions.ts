import type { Grant } from "@/lib/audit/types";

/**
 * What each ACL permission allows, as bucket policy actions (AWS's published mapping of ACL permissions to access
 * policy permissions). Object grants act on the object's ARN, bucket grants on the bucket's (and WRITE on its objects).
 * An object ACL belongs to one version: the translation covers each key's current object, so the actions that reach
 * other versions (s3:GetObjectVersion and the like) are left out rather than granted on versions nobody checked; the
 * readiness report counts the noncurrent versions whose grants are lost that way (lib/migrate/readiness.ts).
 */
export const OBJECT_ACTIONS: Record<Grant["permission"], string[]> = {
  READ: ["s3:GetObject"],
  READ_ACP: ["s3:GetObjectAcl"],
  WRITE_ACP: ["s3:PutObjectAcl"],
  // Not applicable to objects: S3 refuses a WRITE grant on one.
  WRITE: [],
  FULL_CONTROL: ["s3:GetObject", "s3:GetObjectAcl", "s3:PutObjectAcl"],
};

export const BUCKET_ACTIONS: Record<Grant["permission"], { bucket: string[]; objects: string[] }> = {
  READ: { bucket: ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"], objects: [] },
  // s3:DeleteObjectVersion comes with WRITE only for the bucket owner, whose grants are not translated.
  WRITE: { bucket: [], objects: ["s3:PutObject", "s3:DeleteObject"] },
  READ_ACP: { bucket: ["s3:GetBucketAcl"], objects: [] },
  WRITE_ACP: { bucket: ["s3:PutBucketAcl"], objects: [] },
  FULL_CONTROL: {
    bucket: [
      "s3:ListBucket",
      "s3:ListBucketVersions",
      "s3:ListBucketMultipartUploads",
      "s3:GetBucketAcl",
      "s3:PutBucketAcl",
    ],
    objects: ["s3:PutObject", "s3:DeleteObject"],
  },
};

export const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
export const LOGGING_SERVICE = "logging.s3.amazonaws.com";

/** A grantee as people say it: an account's canonical ID, or the group's last path segment. */
export const granteeLabel = (g: Pick<Grant, "grantee" | "granteeType">) =>
  g.granteeType === "Group" ? (g.grantee.split("/").pop() ?? g.grantee) : g.grantee;
