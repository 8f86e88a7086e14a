import { z } from "zod";
import type { BucketPosture } from "@/lib/audit/posture";
import type { Grant } from "@/lib/audit/types";
import {
  storedTarget,
  type AwsTarget,
  type FixTargets,
  type StoredTarget,
} from "@/lib/connections/identities";
import { AppError } from "@/lib/errors";
import type { ObjectSnapshot } from "@/lib/fix/snapshot";
import type { Piece } from "@/lib/listing/key-space";
import type { Evidence } from "@/lib/migrate/evidence";
import type { StepName, StepState } from "@/lib/migrate/steps";
import type { EvidenceJob, MigrationView } from "@/lib/schemas/migration";
import type { ShareLinkDto } from "@/lib/schemas/share";

// The JSON Ownerscope keeps in its tables, one schema per column kind. lib/db parses each column through its schema
// where the row is read (parseStored), so the rest of the code gets the domain's types, never a cast. Each schema is
// checked below to describe its domain type exactly: a field added to the type without the schema fails typecheck.

const text = z.string();
const nullableText = z.string().nullable();

export const grantSchema = z.object({
  grantee: text,
  granteeType: z.enum(["CanonicalUser", "Group", "AmazonCustomerByEmail"]),
  permission: z.enum(["FULL_CONTROL", "READ", "WRITE", "READ_ACP", "WRITE_ACP"]),
});
export const grantsSchema = z.array(grantSchema);

/** An identity as a scan or job stored it; one stored before STS had its own endpoint reads as storedTarget says. */
const storedAwsTarget = z.object({
  profile: nullableText,
  roleArn: nullableText,
  externalId: nullableText,
  sessionName: nullableText,
  region: text,
  endpointUrl: nullableText,
  stsEndpointUrl: nullableText.optional(),
  forcePathStyle: z.boolean(),
});
export const awsTargetSchema = storedAwsTarget.transform(storedTarget);

export const fixTargetsSchema = z.object({
  bucketOwnerId: text,
  read: awsTargetSchema,
  owner: awsTargetSchema.nullable(),
  fixers: z.record(text, awsTargetSchema),
});

const policyAnalysisSchema = z.object({
  writers: z.array(
    z.object({
      sid: nullableText,
      principals: z.array(text),
      actions: z.array(text),
      requiresBucketOwnerFullControl: z.boolean(),
    }),
  ),
  denyWithoutBucketOwnerFullControl: z.boolean(),
  requiresBucketOwnerFullControl: z.boolean(),
  error: nullableText,
});

export const bucketPostureSchema = z.object({
  bucket: text,
  ownerId: text,
  objectOwnership: z.object({
    value: z.enum(["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter", "unknown"]),
    confirmed: z.boolean(),
    note: nullableText,
  }),
  aclGrantsOutsideAccount: grantsSchema,
  policy: z.union([
    policyAnalysisSchema.extend({ readable: z.literal(true) }),
    z.object({ readable: z.literal(false), reason: text }),
  ]),
  versioning: z.enum(["Enabled", "Suspended", "Disabled", "unknown"]),
  defaultEncryption: z.union([
    z.object({ algorithm: nullableText, kmsKeyId: nullableText }),
    z.object({ unreadable: text }),
  ]),
  foreignOwnershipPossible: z.boolean(),
  notes: z.array(text),
});

export const objectSnapshotSchema = z.object({
  etag: text,
  size: z.number(),
  lastModified: nullableText,
  contentType: nullableText,
  cacheControl: nullableText,
  contentDisposition: nullableText,
  contentEncoding: nullableText,
  contentLanguage: nullableText,
  expires: nullableText,
  websiteRedirectLocation: nullableText,
  metadata: z.record(text, text),
  storageClass: text,
  encryption: z
    .object({ algorithm: text, kmsKeyId: nullableText, bucketKeyEnabled: z.boolean().nullable() })
    .nullable(),
  objectLock: z.object({ mode: nullableText, retainUntil: nullableText, legalHold: nullableText }).nullable(),
  tags: z.record(text, text),
  keptGrants: grantsSchema.optional(),
  carried: z.boolean().optional(),
});

const stepStateSchema = z.object({
  state: z.enum(["done", "skipped", "stopped", "failed"]),
  message: text,
  at: text,
  by: text,
});
const stepNames = [
  "policy",
  "bucket-acl",
  "enforce",
  "rescan",
  "restore-policy",
  "restore-bucket-acl",
  "restore-ownership",
] as const satisfies readonly StepName[];
export const migrationStepsSchema = z.partialRecord(z.enum(stepNames), stepStateSchema);
export const bucketAclSchema = z.object({ ownerId: text, grants: grantsSchema });

const counts = z.record(text, z.number());
export const evidenceSchema = z.object({
  sources: z.object({
    accessLogLines: z.number(),
    cloudTrailRecords: z.number(),
    skipped: z.number(),
    files: z.number(),
  }),
  from: nullableText,
  to: nullableText,
  requesters: z.array(
    z.object({
      requester: text,
      accountId: nullableText,
      requests: z.number(),
      firstSeen: text,
      lastSeen: text,
      operations: counts,
      prefixes: counts,
      readsThroughAcl: z.number(),
      writesThroughAcl: z.number(),
      writesWithOtherAcl: z.number(),
      aclsSent: z.array(text),
    }),
  ),
  otherRequesters: z.number(),
  otherRequests: z.number(),
  partial: nullableText.optional(),
});
/** Where a reading of logs looked (as the evidence form sent it). */
export const evidenceRequestSchema = z.object({
  accessLogs: nullableText,
  cloudTrail: nullableText,
  metadataJournal: nullableText.optional(),
  since: nullableText,
});

const position = z.object({ key: text, version: nullableText });
/** A listing in pieces: each piece's range and where it goes on. */
export const listingSchema = z.array(
  z.object({
    id: z.number().int(),
    range: z.object({ after: nullableText, through: nullableText }),
    at: position.nullable(),
    done: z.boolean(),
  }),
);

/** A share link's filters, as its URL spelt them. */
export const shareViewSchema = z.record(text, text);
/** What a Batch Operations completion report applied. */
export const batchCountsSchema = z.object({ succeeded: z.number(), failed: z.number(), applied: z.number() });
export type BatchReportCounts = z.output<typeof batchCountsSchema>;

/** The fleet's OU path (names or IDs) and an account's tags. */
export const textListSchema = z.array(text);
export const tagsSchema = z.record(text, text);
/** A fleet bucket's foreign owners with what each owns there (lib/db/fleet-runs.ts). */
export const writerCountsSchema = z.array(
  z.object({ id: text, objects: z.number(), locked: z.number(), bytes: z.number(), newest: text.nullable() }),
);

/**
 * A stored column read through its schema. A value that does not match was not written by this version of
 * Ownerscope (a store changed by hand or by a future version): said with the column's name, never passed on as typed.
 */
export function parseStored<S extends z.ZodType>(schema: S, json: string, column: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new AppError("internal", `The stored ${column} is not JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "internal",
      `The stored ${column} is not what Ownerscope writes (${issue?.path.join(".") || "value"}: ${issue?.message}).`,
    );
  }
  return parsed.data;
}

// Each schema describes its domain type exactly (both ways), so neither can change without the other.
// (Strict equality, so a missing optional field counts too; zod's outputs and the types are flattened first, all the way down.)
type Flat<T> = T extends (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Same<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
type Check<T extends true> = T;
export type StoredSchemasMatchTheirTypes = [
  Check<Same<z.output<typeof grantsSchema>, Grant[]>>,
  Check<Same<z.output<typeof storedAwsTarget>, StoredTarget>>,
  Check<Same<z.output<typeof awsTargetSchema>, AwsTarget>>,
  Check<Same<z.output<typeof fixTargetsSchema>, FixTargets>>,
  Check<Same<z.output<typeof bucketPostureSchema>, BucketPosture>>,
  Check<Same<z.output<typeof objectSnapshotSchema>, ObjectSnapshot>>,
  Check<Same<z.output<typeof migrationStepsSchema>, Partial<Record<StepName, StepState>>>>,
  Check<Same<z.output<typeof evidenceSchema>, Evidence>>,
  Check<Same<z.output<typeof listingSchema>, Piece[]>>,
  Check<Same<z.output<typeof bucketAclSchema>, MigrationView["bucketAcl"]>>,
  Check<Same<z.output<typeof evidenceRequestSchema>, EvidenceJob["request"]>>,
  Check<Same<z.output<typeof shareViewSchema>, ShareLinkDto["view"]>>,
];
