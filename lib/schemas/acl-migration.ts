import { z } from "zod";
import { PRINCIPAL } from "@/lib/ownership/principal";
import { connectionFlagsSchema } from "@/lib/schemas/cli";
import { bucketNameSchema } from "@/lib/schemas/listing";

// A location is also written into the Athena DDL Ownerscope prints: a quote, a backslash or a control character
// would end its string (Hive reads backslash escapes), so none is taken.
export const s3Location = z
  .string()
  .max(1100)
  .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "use s3://BUCKET/PREFIX/")
  .refine(
    (v) => !/['"\\\u0000-\u001f\u007f]/.test(v),
    "a location may not hold quotes, backslashes or control characters",
  );
/** A date or a timestamp, as ISO 8601 UTC. */
export const since = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), "use a date such as 2026-11-01")
  .transform((v) => new Date(v).toISOString());
export const principalPair = z
  .string()
  .max(700)
  .regex(new RegExp(`^[^=]{1,128}=${PRINCIPAL}$`), "use CANONICAL_ID=ACCOUNT_ID or CANONICAL_ID=ARN");

export const migrateFlagsSchema = connectionFlagsSchema.extend({
  action: z.enum(["plan", "apply", "rollback"], { error: "migrate takes plan, apply or rollback" }),
  bucket: bucketNameSchema,
  "access-logs": s3Location.optional(),
  cloudtrail: s3Location.optional(),
  since: since.optional(),
  format: z.enum(["json", "table"]).default("table"),
  principal: z.array(principalPair).max(1000).optional(),
  "include-public": z.boolean().optional(),
  "owner-profile": z.string().min(1).max(200).optional(),
  "logs-profile": z.string().min(1).max(200).optional(),
  "snapshot-out": z.string().min(1).max(4096).optional(),
  "accept-breakers": z.boolean().optional(),
});
export type MigrateFlags = z.output<typeof migrateFlagsSchema>;

/** What the browser sends to read logs. */
export const evidenceRequestSchema = z.object({
  accessLogs: s3Location.nullable().default(null),
  cloudTrail: s3Location.nullable().default(null),
  /** S3 Metadata journal rows as Parquet files: writers only (lib/writers/journal.ts). */
  metadataJournal: s3Location.nullable().default(null),
  since: since.nullable().default(null),
});
export const migrationOptionsSchema = z.object({ includePublic: z.boolean().default(false) });
export const stepRequestSchema = z.object({
  snapshot: z.coerce.number().int().positive(),
  step: z.enum(["policy", "bucket-acl", "enforce", "rescan"]),
  confirm: z.literal(true, { error: "confirm the step" }),
  acceptBreakers: z.boolean().default(false),
});
export const rollbackRequestSchema = z.object({
  snapshot: z.coerce.number().int().positive(),
  confirm: z.literal(true, { error: "confirm the rollback" }),
});
