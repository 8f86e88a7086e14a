import { z } from "zod";
import { connectionSchema, endpointUrlSchema } from "@/lib/schemas/connection";

/** A role's name, with its path if it has one ("OwnerscopeRead", "security/OwnerscopeRead"), as IAM allows it. */
export const roleNameSchema = z
  .string()
  .regex(
    /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    "a role name (letters, digits and +=,.@_-, with an optional path)",
  )
  .max(512);

const externalId = z
  .string()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, "2-1224 characters of letters, digits and +=,.@:/-");
const profileName = z.string().trim().min(1).max(200);
const filterList = z.array(z.string().trim().min(1).max(200)).max(1000).default([]);

/**
 * How Ownerscope reaches every account of the fleet: one read-role name (and optionally a fix-role name) in every
 * account, assumed with the base profile's credentials, or with each account's own profile where `profilePattern`
 * names one (as an SSO configuration with one profile per account does).
 */
export const fleetSettingsSchema = z
  .object({
    /** Where the list of accounts comes from. */
    source: z.enum(["organizations", "file"]),
    /** The management or delegated-administrator identity that reads the organization, and the base credentials. */
    profile: profileName.nullable().default(null),
    /** A role assumed by `profile` to read the organization (in the management or delegated-administrator account). */
    organizationRoleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "a role ARN")
      .nullable()
      .default(null),
    readRole: roleNameSchema,
    fixRole: roleNameSchema.nullable().default(null),
    /**
     * How a writer of the organization fixes its own objects: through the fix role in its account, or with its
     * account's own profile (where each account has one: an SSO profile per account, or storage whose role sessions
     * cannot reach another account's buckets, such as Ceph's tenants).
     */
    fixThrough: z.enum(["role", "profile"]).default("role"),
    externalId: externalId.nullable().default(null),
    /** A profile per account, "{accountId}" standing for its ID ("sso-{accountId}"); null: the base profile. */
    profilePattern: z
      .string()
      .max(200)
      .regex(/^[\w+=,.@{}-]+$/, "letters, digits, +=,.@_- and {accountId}")
      .refine((p) => p.includes("{accountId}"), "the pattern must hold {accountId}")
      .nullable()
      .default(null),
    partition: z.enum(["aws", "aws-us-gov", "aws-cn"]).default("aws"),
    // Where every account's S3 and STS are, as a connection says it.
    region: connectionSchema.shape.region,
    endpointUrl: connectionSchema.shape.endpointUrl,
    stsEndpointUrl: connectionSchema.shape.stsEndpointUrl,
    organizationsEndpointUrl: endpointUrlSchema.nullable().default(null),
    forcePathStyle: connectionSchema.shape.forcePathStyle,
    includeOus: filterList,
    skipOus: filterList,
    includeAccounts: filterList,
    skipAccounts: filterList,
    /** Discover again every N hours (new accounts onboarded, closed ones retired); null: only when asked. */
    syncEveryHours: z
      .number()
      .min(0.25)
      .max(24 * 365)
      .nullable()
      .default(null),
    /** For source "file": the accounts file's absolute path, read again by each sync. */
    accountsFile: z.string().min(1).max(4096).nullable().default(null),
    /** Requests in flight across the whole fleet, every account and Region together. */
    concurrency: z.number().int().min(1).max(512).default(32),
    /** A bucket whose last scan found at least this share of its keys foreign is scanned in full (ACL per key). */
    fullScanAbove: z.number().min(0).max(1).default(0.05),
    /** Scan a bucket from its newest S3 Inventory report where one is configured and recent, instead of listing it. */
    useInventory: z.boolean().default(true),
  })
  // Not strict: settings a newer version stored (a field this one does not know) still read, that field dropped.
  .strip();

export type FleetSettings = z.output<typeof fleetSettingsSchema>;
export type FleetSettingsInput = z.input<typeof fleetSettingsSchema>;

/** One account of an accounts file: its ID and name, and optionally its own role, external ID or profile. */
export const accountsFileRowSchema = z
  .object({
    id: z.string().regex(/^\d{12}$/, "a 12-digit account ID"),
    name: z.string().trim().min(1).max(200),
    /** A role name (assumed in this account) or a whole role ARN. */
    role: z
      .union([
        roleNameSchema,
        z
          .string()
          .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/)
          .max(2048),
      ])
      .nullable()
      .default(null),
    externalId: externalId.nullable().default(null),
    profile: profileName.nullable().default(null),
    ou: z.string().trim().max(1000).nullable().default(null),
    tags: z.record(z.string().max(128), z.string().max(256)).default({}),
  })
  .strict();

export type AccountsFileRow = z.output<typeof accountsFileRowSchema>;

const filterText = z.string().max(300).catch("");
/** The most rows a view shows at once: what the server holds for a view, and what a browser is asked to draw. */
export const MAX_SHOWN = 10_000;
const problemNames = ["locked", "outside", "foreign", "public", "writing", "failing"] as const;

/** The fleet view's filters as its URL spells them: anything unknown is no filter, never an error. */
export const fleetFilterSchema = z.object({
  ou: filterText.default(""),
  account: filterText.default(""),
  tag: filterText.default(""),
  region: filterText.default(""),
  problem: z.enum(problemNames).or(z.literal("")).catch("").default(""),
  /** Rows shown, at most MAX_SHOWN ("Show more" past it shows that many, never an error or the first 100 again). */
  show: z.coerce
    .number()
    .int()
    .min(1)
    .catch(100)
    .transform((n) => Math.min(n, MAX_SHOWN))
    .default(100),
});

export type FleetViewQuery = z.output<typeof fleetFilterSchema>;

/** The browser's "Scan the fleet" (false) and "Retry the failed ones" (true). */
export const startFleetScanSchema = z.object({ retryFailed: z.boolean().default(false) }).strict();
