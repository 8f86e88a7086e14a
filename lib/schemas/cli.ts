import { z } from "zod";
import { endpointUrlSchema, roleArnSchema } from "@/lib/schemas/connection";

/** The CLI's connection flags (scan, fix), validated once. */
export const connectionFlagsSchema = z.object({
  profile: z.string().min(1).optional(),
  "role-arn": roleArnSchema.optional(),
  "external-id": z.string().min(2).max(1224).optional(),
  "role-session-name": z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/)
    .optional(),
  "endpoint-url": endpointUrlSchema.optional(),
  "sts-endpoint-url": endpointUrlSchema.optional(),
  region: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/)
    .optional(),
  "path-style": z.boolean().optional(),
});

export type ConnectionFlags = z.output<typeof connectionFlagsSchema>;
