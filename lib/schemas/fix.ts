import { z } from "zod";
import { strategies } from "@/lib/fix/strategy";
import { concurrencySchema } from "@/lib/schemas/scan";
import { bucketNameSchema } from "@/lib/schemas/listing";

const fixerSpec = z
  .string()
  .regex(/^[^=\s]+=[^=\s]+$/, "expected CANONICAL_ID=PROFILE")
  .transform((s) => {
    const at = s.indexOf("=");
    return { canonicalId: s.slice(0, at), profile: s.slice(at + 1) };
  });

/** The CLI's fix flags (plus the scan's connection flags). */
export const fixFlagsSchema = z.object({
  bucket: bucketNameSchema,
  key: z.array(z.string().min(1).max(1024)).optional(),
  "all-foreign": z.boolean().optional(),
  prefix: z.string().max(1024).default(""),
  "from-scan": z.coerce.number().int().positive().optional(),
  strategy: z.enum(strategies).optional(),
  fixer: z.array(fixerSpec).optional(),
  "owner-profile": z.string().min(1).optional(),
  "dry-run": z.boolean().optional(),
  format: z.enum(["json", "table"]).default("table"),
  concurrency: concurrencySchema.default(16),
  profile: z.string().min(1).optional(),
  "role-arn": z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{0,12}:role\/.+$/, "expected a role ARN")
    .optional(),
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
  "resume-job": z.coerce.number().int().positive().optional(),
});
