import { z } from "zod";
import type { BucketPosture } from "@/lib/audit/posture";
import type { Grant } from "@/lib/audit/types";
import { safePrefix, type HandoffJob } from "@/lib/fix/batch-handoff";
import type { EnforceDecision } from "@/lib/fix/enforce";
import type { PlannedObject, PlanTotals } from "@/lib/fix/plan";
import { strategies } from "@/lib/fix/strategy";
import { connectionFlagsSchema } from "@/lib/schemas/cli";
import { bucketNameSchema } from "@/lib/schemas/listing";
import { concurrencySchema, findingsViewSchema } from "@/lib/schemas/scan";

const fixerSpec = z
  .string()
  .regex(/^[^=\s]+=[^=\s]+$/, "expected CANONICAL_ID=PROFILE")
  .transform((s) => {
    const at = s.indexOf("=");
    return { canonicalId: s.slice(0, at), profile: s.slice(at + 1) };
  });

/** The CLI's fix flags (plus the scan's connection flags). */
export const fixFlagsSchema = connectionFlagsSchema.extend({
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
  "resume-job": z.coerce.number().int().positive().optional(),
  "verify-content": z.boolean().optional(),
  "keep-public-grants": z.boolean().optional(),
});

/** POST /api/fixes/plan and POST /api/fixes: which findings of a scan, and which strategy (default per object). */
export const fixSelectionSchema = z
  .object({
    connectionId: z.string().min(1).max(63),
    scanId: z.number().int().positive(),
    strategy: z.enum(["reput", "grant", "take-ownership"]).optional(),
    // Public grants (AllUsers, AuthenticatedUsers) are restated only on this explicit choice; else dropped, as planned.
    keepPublicGrants: z.boolean().optional(),
    keys: z
      .array(
        z.object({ key: z.string().min(1).max(1024), versionId: z.string().max(1024).nullable().optional() }),
      )
      .min(1)
      .max(10_000)
      .optional(),
    // The findings view as its URL spells it ("Fix all matching" fixes the foreign keys of what the user sees).
    filter: findingsViewSchema.partial().optional(),
  })
  .refine((s) => (s.keys ? 1 : 0) + (s.filter ? 1 : 0) === 1, { message: "name either keys or a filter" });

export type FixSelection = z.output<typeof fixSelectionSchema>;

/** POST /api/fixes/enforce/plan and POST /api/fixes/enforce: the bucket of a completed scan. */
export const enforceInputSchema = z.object({
  connectionId: z.string().min(1).max(63),
  scanId: z.number().int().positive(),
});
export type EnforceInput = z.output<typeof enforceInputSchema>;

export type EnforcePlanDto = {
  bucket: string;
  actor: string;
  request: string;
  objectOwnership: BucketPosture["objectOwnership"];
  foreignObjects: number;
  decision: EnforceDecision;
};

/** What enforcing did, as the audit log records it. */
export type EnforceResult = {
  result: "fixed" | "skipped" | "failed";
  reason: string | null;
  /** Every object's owner once the bucket enforces: the bucket owner. */
  ownerAfter: string | null;
  bucketOwnerAccessAfter: "full-control" | null;
};

export type EnforceResultDto = { bucket: string } & EnforceResult;

export const fixJobStatuses = ["running", "paused", "completed", "failed", "cancelled"] as const;
export type FixJobStatus = (typeof fixJobStatuses)[number];
export const fixItemStates = [
  "pending",
  "copying",
  "fixed",
  "skipped",
  "failed",
  "changed-since-scan",
] as const;
export type FixItemState = (typeof fixItemStates)[number];

/** What one write did, as the audit log keeps it. */
export type AuditEntry = {
  actor: string;
  jobId: number | null;
  connectionId: string | null;
  bucket: string;
  key: string | null;
  versionId: string | null;
  action: string;
  ownerBefore: string | null;
  accessBefore: string | null;
  ownerAfter: string | null;
  accessAfter: string | null;
  result: string;
  reason: string | null;
  /** Every grant the object had before the step and after it (null where not read). */
  grantsBefore?: Grant[] | null;
  grantsAfter?: Grant[] | null;
};

export type AuditRecord = AuditEntry & { id: number; at: string };

export const fixJobIdSchema = z.coerce.number().int().positive();
export const fixActionSchema = z.enum(["pause", "resume", "cancel", "retry"]);

export const fixItemsQuerySchema = z.object({
  state: z.enum(fixItemStates).optional(),
  cursor: z.string().max(8192).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const auditQuerySchema = z.object({
  connectionId: z.string().min(1).max(63).optional(),
  bucket: bucketNameSchema.optional(),
  jobId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional(),
  // JSON pages default to 200 entries; a CSV export has every entry unless a limit is given.
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export type FixSelectionInput = z.input<typeof fixSelectionSchema>;

export type FixJobDto = {
  id: number;
  connectionId: string | null;
  scanId: number | null;
  bucket: string;
  requestedStrategy: string | null;
  status: FixJobStatus;
  pauseRequested: boolean;
  cancelRequested: boolean;
  error: string | null;
  actor: string;
  counts: Record<FixItemState, number>;
  total: number;
  done: number;
  createdAt: string;
  finishedAt: string | null;
};

export type FixItemDto = {
  key: string;
  versionId: string;
  strategy: string | null;
  thenStrategy: string | null;
  ownerBefore: string | null;
  accessBefore: string | null;
  size: number;
  state: FixItemState;
  step: string | null;
  ownerAfter: string | null;
  accessAfter: string | null;
  reason: string | null;
  attempts: number;
};

/** An audit log entry as the API sends it: the stored record itself. */
export type AuditEntryDto = AuditRecord & { ownerBeforeName: string | null; ownerAfterName: string | null };

/** A Batch Operations hand-off: one foreign account's keys of a scan, fixed by that account at scale. */
export const handoffQuerySchema = z.object({
  owner: z.string().min(1).max(128),
  accountId: z.string().regex(/^\d{12}$/, "the owning account's 12-digit ID"),
  strategy: z.enum(["grant", "reput"]).default("grant"),
  workBucket: bucketNameSchema,
  workPrefix: z
    .string()
    .max(512)
    .regex(safePrefix, "empty, or folders of letters, digits, '.', '_' and '-', each ending in /")
    .optional(),
  roleName: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/)
    .default("ownerscope-batch"),
});

export type HandoffQuery = z.output<typeof handoffQuerySchema>;

/** A Batch Operations job ID, as S3 Control answers it. */
export const batchJobIdSchema = z.string().regex(/^[\w-]{1,64}$/, "a Batch Operations job ID");

export type PlanDto = { bucket: string; totals: PlanTotals; objects: PlannedObject[]; truncated: boolean };

export type HandoffBundleDto = {
  total: number;
  jobs: HandoffJob[];
  overLimit: { count: number; keys: string[] };
  uncopyable: { count: number; keys: string[] };
  role: { trustPolicy: unknown; permissionPolicy: unknown };
  requests: unknown[];
  script: string;
};

export type BatchJobStatusDto = {
  status: string;
  total: number | null;
  succeeded: number | null;
  failed: number | null;
  reason: string | null;
  appliedAt: string | null;
  report: { succeeded: number; failed: number; applied: number } | null;
};
