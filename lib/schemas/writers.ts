import { z } from "zod";
import { principalPair, s3Location, since } from "@/lib/schemas/acl-migration";
import { connectionFlagsSchema } from "@/lib/schemas/cli";
import { bucketNameSchema } from "@/lib/schemas/listing";

const counts = z.record(z.string(), z.number());
/** Where a writer was seen: the logs, the live record's events, or (only) its account's objects in the newest scan. */
const sourceSchema = z.enum(["access-log", "cloudtrail", "metadata-journal", "events", "scan"]);

/** One writer of a bucket, as a reading of its logs found it (lib/writers/tally.ts says what each field is). */
export const writerRecordSchema = z.object({
  id: z.string(),
  principal: z.string(),
  accountId: z.string().nullable(),
  session: z.string().nullable(),
  toolId: z.string().nullable(),
  toolVersion: z.string().nullable(),
  job: z.string().nullable(),
  userAgent: z.string().nullable(),
  invokedBy: z.string().nullable(),
  firstWrite: z.string(),
  lastWrite: z.string(),
  writes: z.number(),
  bytes: z.number(),
  withoutBofc: z.number(),
  lastWithoutBofc: z.string().nullable(),
  withBofc: z.number(),
  /** Absent from records stored before it was kept. */
  lastWithBofc: z.string().nullable().default(null),
  aclUnseen: z.number(),
  prefixes: counts,
  days: counts,
  recentKeys: z.array(z.string()),
  sources: z.array(sourceSchema),
  /** The canonical ID of its account where the source says it (the scan and events do; logs name principals). */
  canonicalId: z.string().nullable().default(null),
  /** What its account owns in the bucket's newest scan, where the writer is known from the scan or events alone. */
  owned: z.object({ objects: z.number(), locked: z.number() }).nullable().default(null),
});

export const writerRecordsSchema = z.array(writerRecordSchema);

export type WriterRecord = z.infer<typeof writerRecordSchema>;

/** `ownerscope writers list|show`: the bucket, the logs to read first, who is who. */
export const writersFlagsSchema = connectionFlagsSchema.extend({
  action: z.enum(["list", "show"], { error: "writers takes list or show" }),
  bucket: bucketNameSchema,
  writer: z.coerce.number().int().min(1).max(10_000).optional(),
  "access-logs": s3Location.optional(),
  cloudtrail: s3Location.optional(),
  "metadata-journal": s3Location.optional(),
  since: since.optional(),
  format: z.enum(["json", "table"]).default("table"),
  principal: z.array(principalPair).max(1000).optional(),
  "owner-account": z
    .string()
    .regex(/^\d{12}$/, "a 12-digit account ID")
    .optional(),
  "logs-profile": z.string().min(1).max(200).optional(),
});
export type WritersFlags = z.output<typeof writersFlagsSchema>;

/** The date a writer's team changed its setting (null: forget it), no later than now. */
export const writerChangeSchema = z
  .object({
    writerId: z.string().min(1).max(4096),
    changedAt: z.iso
      .datetime({ offset: true })
      .or(z.iso.date().transform((d) => `${d}T00:00:00.000Z`))
      .transform((d) => new Date(d).toISOString())
      .refine((d) => Date.parse(d) <= Date.now() + 60_000, "a date in the future")
      // S3 opened in 2006: an earlier date is a typing slip, never a setting's change.
      .refine((d) => d >= "2006", "a date before S3 existed")
      .nullable(),
  })
  .strict();
export type WriterChange = z.output<typeof writerChangeSchema>;
