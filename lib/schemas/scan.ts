import { z } from "zod";
import type { BucketPosture } from "@/lib/audit/posture";
import type { ScanProgress } from "@/lib/audit/scan-progress";
import { objectStatuses, type BucketOwnerAccess, type Grant, type ObjectStatus } from "@/lib/audit/types";
import { connectionFlagsSchema } from "@/lib/schemas/cli";
import { bucketNameSchema } from "@/lib/schemas/listing";

export const concurrencySchema = z.coerce.number().int().min(1).max(256);

/** The CLI's scan flags, spelled as the AWS CLI spells them. */
export const scanFlagsSchema = connectionFlagsSchema.extend({
  bucket: bucketNameSchema,
  prefix: z.string().max(1024).default(""),
  mode: z.enum(["full", "fast"]).default("full"),
  versions: z.boolean().default(false),
  concurrency: concurrencySchema.default(32),
  format: z.enum(["json", "ndjson", "table"]).default("table"),
  "no-resume": z.boolean().optional(),
  inventory: z.lazy(() => inventoryLocationSchema).optional(),
});

/** An S3 Inventory report's location: its manifest.json, or a prefix holding reports. */
const inventoryLocationSchema = z
  .string()
  .trim()
  .regex(
    /^s3:\/\/[A-Za-z0-9][A-Za-z0-9._-]{2,254}(\/.*)?$/,
    "use s3://BUCKET/PREFIX/ or s3://BUCKET/.../manifest.json",
  )
  .max(2048);

/** An admin's allowed report location: a bucket, or a folder in it. */
export const inventoryLocationInputSchema = z.object({ location: inventoryLocationSchema });

/** POST /api/scans: a bucket to list live, or an inventory report to read (the bucket is the report's). */
export const startScanSchema = z.object({
  connectionId: z.string().min(1).max(63),
  inventory: inventoryLocationSchema.optional(),
  bucket: bucketNameSchema,
  prefix: z.string().max(1024).default(""),
  mode: z.enum(["full", "fast"]).default("full"),
  versions: z.boolean().default(false),
  concurrency: concurrencySchema.default(32),
});

export type StartScanInput = z.output<typeof startScanSchema>;

export const scanIdSchema = z.coerce.number().int().positive();

const statusList = z
  .string()
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(z.enum(objectStatuses)).max(objectStatuses.length));
const flag = z
  .enum(["1", "true", "0", "false"])
  .transform((v) => v === "1" || v === "true")
  .optional();
const bytes = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
// A calendar day that exists (2024-13-01 and 0000-00-00 match the pattern, and are refused here).
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine((d) => {
    const at = new Date(`${d}T00:00:00.000Z`);
    return Number.isFinite(at.getTime()) && at.toISOString().startsWith(d) && d >= "1970-01-01";
  }, "not a day of the calendar")
  .optional();

/**
 * A view of a scan's findings as the URL spells it: the filters and the sort. The page, the share link and the
 * exports all read the same fields.
 */
export const findingsViewSchema = z.object({
  status: statusList.optional(),
  owner: z.string().min(1).max(128).optional(),
  prefix: z.string().max(1024).optional(),
  q: z.string().max(256).optional(),
  foreign: flag,
  public: flag,
  minSize: bytes,
  maxSize: bytes,
  from: day,
  to: day,
  // "risk": the most severe status first, the largest first within it (the bucket page's own default; a bare API
  // request keeps the key order).
  sort: z.enum(["risk", "key", "size", "modified"]).default("key"),
  dir: z.enum(["asc", "desc"]).default("asc"),
});

/** The URL parameters that make up a findings view (what a share link may carry). */
export const findingsViewFields = Object.keys(
  findingsViewSchema.shape,
) as (keyof typeof findingsViewSchema.shape)[];

export type FindingsView = z.output<typeof findingsViewSchema>;

// What each field of a view must be, in words (a link's reader gets these, not a validator's message).
const fieldRule: Record<(typeof findingsViewFields)[number], string> = {
  status: "not a list of statuses",
  owner: "not an account ID",
  prefix: "longer than 1,024 characters",
  q: "longer than 256 characters",
  foreign: "not 1 or 0",
  public: "not 1 or 0",
  minSize: "not a size in bytes",
  maxSize: "not a size in bytes",
  from: "not a date (YYYY-MM-DD)",
  to: "not a date (YYYY-MM-DD)",
  sort: "not risk, key, size or modified",
  dir: "not asc or desc",
};

/**
 * A view as a URL gave it, split into what holds and what does not (a hand-edited or stale link): each field checked
 * alone, then a size or date range whose ends cross. The page applies the rest and says what it left out, instead of
 * failing the whole view.
 */
export function checkedView(raw: Record<string, string>): {
  view: Record<string, string>;
  dropped: { field: string; value: string; reason: string }[];
} {
  const view: Record<string, string> = {};
  const dropped: { field: string; value: string; reason: string }[] = [];
  for (const field of findingsViewFields) {
    const value = raw[field];
    if (value === undefined) continue;
    const parsed = findingsViewSchema.shape[field].safeParse(value);
    if (parsed.success) view[field] = value;
    else dropped.push({ field, value, reason: fieldRule[field] });
  }
  const crossed = (low: string, high: string, reason: string, order: (a: string, b: string) => boolean) => {
    const a = view[low];
    const b = view[high];
    if (a === undefined || b === undefined || !order(a, b)) return;
    for (const field of [low, high]) {
      dropped.push({ field, value: view[field]!, reason });
      delete view[field];
    }
  };
  crossed("minSize", "maxSize", "the smallest size is above the largest", (a, b) => Number(a) > Number(b));
  crossed("from", "to", "the range starts after it ends", (a, b) => a > b);
  return { view, dropped };
}

/** GET /api/scans/:id/findings */
export const findingsQuerySchema = findingsViewSchema.extend({
  cursor: z.string().max(8192).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export type FindingsQuery = z.output<typeof findingsQuerySchema>;

export const scansQuerySchema = z.object({
  connectionId: z.string().min(1).max(63).optional(),
  bucket: bucketNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ScanDto = {
  id: number;
  connectionId: string | null;
  bucket: string;
  prefix: string;
  mode: "full" | "fast";
  versions: boolean;
  status: "running" | "completed" | "failed" | "cancelled";
  cancelRequested: boolean;
  error: string | null;
  bucketOwnerId: string | null;
  posture: BucketPosture | null;
  listed: number;
  listingDone: boolean;
  /** While it lists: how many pieces of the key space are being listed at once. */
  listingPieces: number | null;
  classified: number;
  bytes: number;
  /** Counts as the scan saw the bucket: they never change after it ends. */
  byStatus: Record<ObjectStatus, number>;
  foreign: number;
  /** The same counts with what fixes found since (changed: how many findings they changed). */
  now: { changed: number; byStatus: Record<ObjectStatus, number>; foreign: number };
  /** How far it is, with the total it is a share of (estimated from an earlier scan while the listing runs). */
  progress: ScanProgress;
  requests: number;
  throttled: number;
  createdAt: string;
  finishedAt: string | null;
  source: "live" | "inventory";
  reportDate: string | null;
};

/** A finding as the browser gets it: the stored record, its owner named, and whether that owner is foreign. */
export type FindingDto = Omit<FindingRecord, "owner"> & {
  owner: FindingRecord["owner"] & { name: string | null };
  /** Foreign-owned as the scan saw it. */
  foreign: boolean;
  /** Foreign-owned as last known (a fix since the scan counts): what a fix could still act on. */
  foreignNow: boolean;
};

/** GET /api/scans/diff: an earlier and a later scan of the same bucket. */
export const diffQuerySchema = z.object({ from: scanIdSchema, to: scanIdSchema });
export const diffPageSchema = diffQuerySchema.extend({
  kind: z.enum(["new", "fixed", "gone"]),
  cursor: z.string().max(8192).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const scanStatuses = ["running", "completed", "failed", "cancelled"] as const;
export type ScanStatus = (typeof scanStatuses)[number];

/** One object (or version) as a scan recorded it. */
export type FindingRecord = {
  key: string;
  versionId: string | null;
  isLatest: boolean | null;
  deleteMarker: boolean;
  owner: { id: string | null; displayName: string | null };
  status: ObjectStatus | null;
  bucketOwnerAccess: BucketOwnerAccess | null;
  publicGrant: boolean | null;
  grants: Grant[] | null;
  size: number;
  lastModified: string | null;
  storageClass: string | null;
  etag: string | null;
  reason: string | null;
  /** What a fix found after the scan (the scan itself keeps what it saw); null when nothing changed since. */
  now: FindingNow | null;
};

/** A finding as a later fix (or an applied Batch Operations report) found it. */
export type FindingNow = {
  ownerId: string | null;
  status: ObjectStatus;
  bucketOwnerAccess: BucketOwnerAccess | null;
  publicGrant: boolean | null;
  grants: Grant[] | null;
  reason: string | null;
  fixJobId: number | null;
  batchJobId: string | null;
  at: string;
};

/** A folder one level below a view's prefix, with how many matching keys (and foreign ones) it holds. */
export type FolderSummary = { prefix: string; objects: number; foreign: number; bytes: number };

export type StatusSummary = { status: ObjectStatus | null; objects: number; bytes: number };

export type FindingsPage = {
  findings: FindingDto[];
  nextCursor: string | null;
  total?: number;
  /** Matching keys still foreign-owned: what a fix of the view would plan. */
  fixable?: number;
  /** The view's counts by status, when it is narrowed by more than a status (else the scan's counts hold). */
  byStatus?: Partial<Record<ObjectStatus, number>>;
};

export type ScanSummaryDto = {
  byOwner: {
    ownerId: string | null;
    name: string | null;
    isBucketOwner: boolean;
    objects: number;
    bytes: number;
    byStatus: Record<string, number>;
  }[];
  byPrefix: FolderSummary[];
  byStatus: StatusSummary[];
};

export type OwnerCountDto = {
  ownerId: string | null;
  name: string | null;
  isBucketOwner: boolean;
  objects: number;
};

export type DiffKind = "new" | "fixed" | "gone";
