// What the watch and alerts routes answer, as the browser reads it (the server builds these from lib/db's records).
import { z } from "zod";
import type { BucketOwnerAccess, ObjectStatus, ScanMode } from "@/lib/audit/types";
import type { AlertSummary } from "@/lib/schemas/alerts";
import { everyHoursProblem } from "@/lib/watch/schedule-hours";
import { watchSources, type SetupPlan, type WatchSourceKind } from "@/lib/watch/setup-plan";

export type WatchCounts = {
  pending: number;
  checked: number;
  failed: number;
  alerting: number;
  lastEventAt: string | null;
};

export type LiveFinding = {
  seq: number;
  bucket: string;
  key: string;
  writer: string | null;
  ownerId: string | null;
  status: ObjectStatus;
  bucketOwnerAccess: BucketOwnerAccess;
  reason: string | null;
  size: number | null;
  firstSeen: string;
  checkedAt: string;
  fixJobId: number | null;
  /** Why fixing by rule left it alone (it was not written when its arrival was reported, or changed). */
  ruleNote: string | null;
};

export type Schedule = {
  connectionId: string;
  bucket: string;
  everyHours: number;
  mode: ScanMode;
  nextRunAt: string;
  lastScanId: number | null;
  createdAt: string;
};

export type ScheduledRun = {
  id: number;
  scanId: number | null;
  dueAt: string;
  startedAt: string;
  error: string | null;
};

export type RunWithDiff = ScheduledRun & {
  status: string | null;
  /** Against the run before it: foreign keys new, fixed, gone. */
  diff: { new: number; fixed: number; gone: number } | null;
};

export type AlertRule = {
  id: number;
  connectionId: string;
  bucket: string;
  accountId: string | null;
  threshold: number;
  digestMinutes: number | null;
  channelId: number;
  cursorSeq: number;
  lastAlertAt: string | null;
  createdAt: string;
};

export type ChannelDto = {
  id: number;
  name: string;
  kind: string;
  description: string;
  createdAt: string;
  /** Since when its attempts have failed, one after another (null: its last attempt went through). */
  failingSince: string | null;
  failures: number;
};

export type Delivery = {
  id: number;
  alertId: number;
  channelId: number | null;
  channelName: string | null;
  state: "pending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
};

export type AlertRecord = {
  id: number;
  ruleId: number | null;
  connectionId: string;
  bucket: string;
  summary: AlertSummary;
  createdAt: string;
  deliveries: Delivery[];
};

export type AlertsHistory = { alerts: AlertRecord[]; nextBefore: number | null };

export type WatchView = {
  watch: {
    source: WatchSourceKind;
    ownerId: string;
    createdAt: string;
    intakeUrl: string | null;
    names: unknown;
    applied: string[];
    fixByRule: boolean;
  } | null;
  counts: WatchCounts;
  live: LiveFinding[];
  nextBefore: number | null;
  schedule: Schedule | null;
  runs: RunWithDiff[];
  rules: AlertRule[];
  channels: { id: number; name: string; kind: string }[];
  fixers: string[];
  /** OWNERSCOPE_FIX_BY_RULE=off: no arrival is fixed, whatever the switches here say. */
  fixByRuleStopped: boolean;
  accounts: { canonicalId: string; name: string; hasFixer: boolean }[];
  /** The latest times the intake could not have heard this bucket, and how each was closed. */
  gaps: WatchGap[];
};

/** A time the intake could not have heard a bucket's events, and how it was closed. */
export type WatchGap = {
  id: number;
  connectionId: string;
  bucket: string;
  /** Why: the server was down, the queue could not be read, events were refused (rate, backlog). */
  cause: string;
  startedAt: string;
  /** Null while it goes on. */
  endedAt: string | null;
  /** open: waiting for its catch-up; catching-up: a scan runs; closed: the scan's new keys are in the live record. */
  state: "open" | "catching-up" | "closed";
  scanId: number | null;
  attempts: number;
  /** Foreign keys the catch-up added to the live record. */
  found: number | null;
  note: string | null;
  closedAt: string | null;
};

/**
 * What a watched bucket's setup stored (its `setup_json` column): the names of what feeds it (topic, queue, rule…),
 * what Ownerscope wrote itself, and where events go. Rows written before a field existed read as empty.
 */
export const watchSetupSchema = z.object({
  names: z.record(z.string(), z.string()).catch({}).default({}),
  applied: z.array(z.string()).catch([]).default([]),
  intakeUrl: z.string().nullable().catch(null).default(null),
});

export type WatchSetup = z.output<typeof watchSetupSchema>;
export type WatchSetupInput = z.input<typeof watchSetupSchema>;

// What the watch routes (and the CLI's watch commands) take.

export const liveQuerySchema = z.object({
  owner: z.string().trim().min(1).max(256).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const setupSchema = z.object({
  kind: z.enum(watchSources).default("gateway"),
  /** Write the gateway's topic and notification now (and watch). */
  apply: z.boolean().default(false),
  /** Watch from now on; without it or apply, the setup is only shown. */
  watch: z.boolean().default(false),
  accountId: z
    .string()
    .regex(/^\d{12}$/, "a 12-digit account ID")
    .optional(),
});

export const scheduleSchema = z.object({
  // A number, not anything that coerces to one (true, [24], "0x18"); a missing one is said in the form's words.
  everyHours: z.number({ error: "Type a number of hours, such as 24 or 0.5." }).superRefine((hours, ctx) => {
    const problem = everyHoursProblem(hours);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  mode: z.enum(["fast", "full"]).default("fast"),
});

export const fixByRuleSchema = z.object({
  enabled: z.boolean(),
  /** The accounts whose objects are fixed on arrival (each must have a fixer on the connection). */
  accounts: z.array(z.string().trim().min(1).max(256)).max(200),
});

export const rotateSecretSchema = z.object({
  /** How long the replaced secret is still accepted, so the sender can be given the new one. */
  graceHours: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
});

/** What each watch route answers, for the browser's hooks. */
export type SetUpResult = { plan: SetupPlan; applied: string[]; intakeUrl: string };
export type FixByRuleResult = { enabled: boolean; accounts: string[] };
