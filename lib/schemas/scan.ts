import { z } from "zod";
import { bucketNameSchema } from "@/lib/schemas/listing";

const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{0,12}:role\/.+$/, "expected a role ARN");
export const concurrencySchema = z.coerce.number().int().min(1).max(256);

/** The CLI's scan flags, spelled as the AWS CLI spells them. */
export const scanFlagsSchema = z.object({
  bucket: bucketNameSchema,
  prefix: z.string().max(1024).default(""),
  profile: z.string().min(1).optional(),
  "role-arn": roleArn.optional(),
  "external-id": z.string().min(2).max(1224).optional(),
  "role-session-name": z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/)
    .optional(),
  "endpoint-url": z.url({ protocol: /^https?$/ }).optional(),
  region: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/)
    .optional(),
  "path-style": z.boolean().optional(),
  mode: z.enum(["full", "fast"]).default("full"),
  versions: z.boolean().default(false),
  concurrency: concurrencySchema.default(32),
  format: z.enum(["json", "ndjson", "table"]).default("table"),
  "no-resume": z.boolean().optional(),
});

/** POST /api/scans */
export const startScanSchema = z.object({
  connectionId: z.string().min(1).max(63),
  bucket: bucketNameSchema,
  prefix: z.string().max(1024).default(""),
  mode: z.enum(["full", "fast"]).default("full"),
  versions: z.boolean().default(false),
  concurrency: concurrencySchema.default(32),
});
