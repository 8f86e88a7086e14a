/** The seed's ground truth: every object it wrote, who owns it, and what the bucket owner may do with it. */
export type ManifestObject = {
  bucket: string;
  key: string;
  versionId: string | null;
  isLatest: boolean;
  deleteMarker: boolean;
  /** Canonical ID of the account that wrote it. */
  writer: string;
  acl: "none" | "bucket-owner-full-control" | "bucket-owner-read";
  ownerId: string;
  bucketOwnerAccess: "full-control" | "read" | "none";
  status: "owned" | "foreign-full-control" | "foreign-readable" | "foreign-locked";
  size: number;
  etag: string;
  storageClass: string;
  contentType: string | null;
  cacheControl: string | null;
  contentDisposition: string | null;
  contentEncoding: string | null;
  contentLanguage: string | null;
  expires: string | null;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  multipart: boolean;
};

export type LabAccount = { canonicalId: string; name: string; profile: string; arn: string };

export type GeneratedSet = {
  bucket: string;
  prefix: string;
  count: number;
  /** Keys written by the foreign account without an ACL; every other key under the prefix is the bucket owner's. */
  foreignKeys: string[];
  ownerOfOthers: string;
  foreignOwner: string;
};

export type SeedManifest = {
  createdAt: string;
  endpoint: string;
  bucketOwner: LabAccount;
  writer: LabAccount;
  buckets: { name: string; owner: string; versioning: boolean; foreignWritesAllowed: boolean }[];
  objects: ManifestObject[];
  generated: GeneratedSet[];
};
