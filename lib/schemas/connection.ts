import { z } from "zod";
import type { InventoryCheck } from "@/lib/inventory/config";
import { PRINCIPAL } from "@/lib/ownership/principal";

/** Connection ids appear in URLs, so they are slugs. */
export const connectionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "use 1-63 lower-case letters, digits and dashes");

export const roleArnSchema = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{0,12}:role\/.+$/, "expected a role ARN");

/** An S3 or STS endpoint of S3-compatible storage: http(s) only, and no credentials in the URL. */
export const endpointUrlSchema = z
  .url({ protocol: /^https?$/ })
  // Credentials in the URL would be sent to the endpoint and shown wherever the URL is.
  .refine(
    (u) => !new URL(u).username && !new URL(u).password,
    "an endpoint URL must not carry a user name or password",
  );

/**
 * A connection says how to reach one account's S3: a profile (or the default chain), an optional read role, a
 * region and an optional endpoint. It holds references only; the standard AWS chain supplies the keys.
 */
export const connectionSchema = z.object({
  id: connectionIdSchema,
  name: z.string().trim().min(1).max(200),
  profile: z.string().trim().min(1).max(200).nullable().default(null),
  roleArn: roleArnSchema.nullable().default(null),
  externalId: z.string().min(2).max(1224).nullable().default(null),
  sessionName: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/)
    .nullable()
    .default(null),
  region: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/)
    .default("us-east-1"),
  endpointUrl: endpointUrlSchema.nullable().default(null),
  /**
   * Where roles are assumed; null for AWS STS. Its own setting, so the base credentials sign STS requests for a host
   * typed for S3 only when someone asked for it (S3-compatible storage that also serves STS, such as Ceph).
   */
  stsEndpointUrl: endpointUrlSchema.nullable().default(null),
  forcePathStyle: z.boolean().default(false),
  /** The bucket owner's write identity (profile and/or role) for taking ownership; null when not configured. */
  ownerProfile: z.string().trim().min(1).max(200).nullable().default(null),
  ownerRoleArn: roleArnSchema.nullable().default(null),
});

export type Connection = z.infer<typeof connectionSchema>;

export type ConnectionInput = z.input<typeof connectionSchema>;

/** A foreign (or own) account, known by canonical ID; the fixer is used by the fix-ups. */
export const accountSchema = z.object({
  canonicalId: z.string().trim().min(1).max(128),
  name: z.string().trim().min(1).max(200),
  fixerProfile: z.string().trim().min(1).max(200).nullable().default(null),
  fixerRoleArn: roleArnSchema.nullable().default(null),
  fixerExternalId: z.string().min(2).max(1224).nullable().default(null),
  /** Who the account is in a bucket policy (its 12-digit ID or a principal ARN): needed to move its ACL grants there. */
  principal: z
    .string()
    .trim()
    .regex(new RegExp(`^${PRINCIPAL}$`), "an account ID (12 digits) or a principal ARN")
    .nullable()
    .default(null),
});

export type Account = z.infer<typeof accountSchema>;
export type AccountInput = z.input<typeof accountSchema>;

export type BucketOverviewDto = {
  name: string;
  createdAt: string | null;
  lastScan: {
    id: number;
    finishedAt: string | null;
    classified: number;
    /** As the scan saw them. */
    foreign: number;
    /** With what fixes found since the scan. */
    foreignNow: number;
    foreignByAccount: { ownerId: string; name: string | null; objects: number }[];
    /** Bytes of the foreign keys, as the scan saw them. */
    foreignBytes: number;
    /** Foreign keys the owner cannot read (foreign, locked), as the scan saw them. */
    locked: number;
    /** The same with what fixes found since the scan. */
    lockedNow: number;
    /** Foreign keys the scan before it (same scope) did not have; null when it is the first. */
    newSincePrevious: { count: number; previousScanId: number } | null;
  } | null;
  /** When the bucket is watched: objects that arrived foreign and are still not the owner's to use. */
  live: { alerting: number; lastEventAt: string | null } | null;
};

export type ConnectionTestDto = {
  ok: boolean;
  results: { check: string; label: string; ok: boolean; detail: string }[];
};

export type InventorySetupDto = { supported: boolean; reason?: string; checks: InventoryCheck[] };
