import { z } from "zod";

const counts = z.record(z.string(), z.number());
const sourceSchema = z.enum(["access-log", "cloudtrail"]);

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
  aclUnseen: z.number(),
  prefixes: counts,
  days: counts,
  recentKeys: z.array(z.string()),
  sources: z.array(sourceSchema),
});

export const writerRecordsSchema = z.array(writerRecordSchema);

export type WriterRecord = z.infer<typeof writerRecordSchema>;

/** `writers list|show` and the writers view's query: a connection's bucket, and one writer by its index. */
export const writersQuerySchema = z.object({
  bucket: z.string().min(1).max(255),
});
