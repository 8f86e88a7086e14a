// What each AWS call Ownerscope makes needs from IAM, and which of the fleet's roles makes it. The role templates in
// docs/roles grant exactly these actions; lib/fleet/permissions.test.ts reads the code and the templates and fails
// when a call is added without a template change, or a template grants an action no call needs.

/** The IAM actions of each SDK command the code sends (by the command's name, without "Command"). */
export const actionsOf: Record<string, string[]> = {
  ListBuckets: ["s3:ListAllMyBuckets"],
  ListObjectsV2: ["s3:ListBucket"],
  ListObjectVersions: ["s3:ListBucketVersions"],
  GetBucketAcl: ["s3:GetBucketAcl"],
  GetBucketPolicy: ["s3:GetBucketPolicy"],
  GetBucketVersioning: ["s3:GetBucketVersioning"],
  GetBucketOwnershipControls: ["s3:GetBucketOwnershipControls"],
  GetBucketEncryption: ["s3:GetEncryptionConfiguration"],
  ListBucketInventoryConfigurations: ["s3:GetInventoryConfiguration"],
  GetObjectAcl: ["s3:GetObjectAcl", "s3:GetObjectVersionAcl"],
  // HEAD needs s3:GetObject: the scanner reads metadata, and bodies only of Inventory reports and log files.
  HeadObject: ["s3:GetObject", "s3:GetObjectVersion"],
  GetObject: ["s3:GetObject", "s3:GetObjectVersion"],
  GetObjectTagging: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging"],
  // A copy in place reads its source and writes the object with its ACL restated.
  CopyObject: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl"],
  CreateMultipartUpload: ["s3:PutObject", "s3:PutObjectAcl"],
  UploadPartCopy: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
  CompleteMultipartUpload: ["s3:PutObject"],
  AbortMultipartUpload: ["s3:AbortMultipartUpload"],
  PutObjectAcl: ["s3:PutObjectAcl", "s3:PutObjectVersionAcl"],
  PutObjectTagging: ["s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
  ListRoots: ["organizations:ListRoots"],
  ListOrganizationalUnitsForParent: ["organizations:ListOrganizationalUnitsForParent"],
  ListAccountsForParent: ["organizations:ListAccountsForParent"],
  ListTagsForResource: ["organizations:ListTagsForResource"],
};

/**
 * Who sends the commands of each file of lib/aws: the fleet's read role, a writer's fix role, the discovery role
 * of the management account, or identities outside the fleet's templates (the bucket owner's writer for disabling
 * ACLs and watching, Batch Operations hand-offs, queues). A file of lib/aws that sends commands and is not here
 * fails the test: say who runs it first.
 */
export const senders: Record<string, ("read" | "fix" | "discovery" | "not-fleet")[]> = {
  "lib/aws/buckets.ts": ["read"],
  "lib/aws/connection-check.ts": ["read"],
  "lib/aws/fleet-io.ts": ["read"],
  "lib/aws/list-lean.ts": ["read"],
  "lib/aws/scan-io.ts": ["read"],
  "lib/aws/object-detail.ts": ["read"],
  "lib/aws/inventory-io.ts": ["read"],
  "lib/aws/inventory-config.ts": ["read"],
  "lib/aws/log-files.ts": ["read"],
  // S3 Metadata journal files are read for one bucket's writers with its connection's logs identity, never by the fleet.
  "lib/aws/journal-files.ts": ["not-fleet"],
  // A fix re-checks an object with the fixer's own client right before it writes, and the read client verifies.
  "lib/aws/fix-reads.ts": ["read", "fix"],
  "lib/aws/fix-writes.ts": ["fix"],
  "lib/aws/organizations.ts": ["discovery"],
  "lib/aws/objects.ts": ["read"],
  "lib/aws/bucket-settings.ts": ["not-fleet"],
  "lib/aws/notifications.ts": ["not-fleet"],
  "lib/aws/batch.ts": ["not-fleet"],
  "lib/aws/sqs.ts": ["not-fleet"],
};

/**
 * Commands of a fleet role's file that that role never sends, with why: a fix writes the bucket's Object Ownership
 * only as the bucket owner (enforce), never as a writer's fixer.
 */
export const notSentBy: Record<string, { role: "read" | "fix"; why: string }[]> = {
  PutBucketOwnershipControls: [{ role: "fix", why: "enforce runs as the bucket owner's writer" }],
};

/**
 * The commands a file sends through functions of another file it imports ("from -> to"): the test reads imports,
 * not call graphs, so each import between sending files says which of the other's commands it sends, and a new
 * import without an entry fails the test.
 */
export const sendsThrough: Record<string, string[]> = {
  "lib/aws/fix-reads.ts -> lib/aws/list-lean.ts": ["ListObjectsV2"],
  "lib/aws/fix-reads.ts -> lib/aws/scan-io.ts": ["GetObjectAcl"],
  "lib/aws/fix-writes.ts -> lib/aws/fix-reads.ts": [],
  "lib/aws/object-detail.ts -> lib/aws/fix-reads.ts": ["HeadObject", "GetObjectTagging"],
  "lib/aws/object-detail.ts -> lib/aws/scan-io.ts": ["GetObjectAcl"],
  "lib/aws/scan-io.ts -> lib/aws/list-lean.ts": ["ListObjectsV2", "ListObjectVersions"],
  "lib/aws/objects.ts -> lib/aws/list-lean.ts": ["ListObjectsV2", "ListObjectVersions"],
  "lib/aws/bucket-settings.ts -> lib/aws/scan-io.ts": ["GetBucketPolicy", "GetBucketAcl"],
};
