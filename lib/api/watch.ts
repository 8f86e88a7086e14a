import "server-only";
import { type z } from "zod";
import { requireConnection } from "@/lib/api/browse";
import { requireKnownBucket } from "@/lib/api/bucket-access";
import { runsWithDiffs } from "@/lib/api/schedules";
import { setUpWatch } from "@/lib/api/watch-setup";
import { fixerTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { addRule, deleteRule, getChannel, listChannels, listRules } from "@/lib/db/alerts";
import { appendAudit } from "@/lib/db/audit-log";
import { listAccounts } from "@/lib/db/connections";
import { recentGaps } from "@/lib/db/gaps";
import { forgetBucketSecrets, rotateBucketSecret } from "@/lib/db/intake-secrets";
import { listSchedules, removeSchedule, saveSchedule } from "@/lib/db/schedules";
import {
  listFixers,
  liveFindings,
  requeueFailedEvents,
  setFixByRule,
  setFixer,
  unwatchBucket,
  watchCounts,
  watchedBucket,
} from "@/lib/db/watch";
import { liveSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { AlertRuleInput } from "@/lib/schemas/alerts";
import {
  type fixByRuleSchema,
  type liveQuerySchema,
  type rotateSecretSchema,
  type scheduleSchema,
  type setupSchema,
  type FixByRuleResult,
  type WatchView,
} from "@/lib/schemas/watch";

// Watching a connection's bucket, as the browser's routes and the CLI ask for it: the status page's data, setting
// up the feed, the schedule, the alert rules and fixing by rule.

/** Where the sender reaches Ownerscope: the configured public address, else the address the request came to. */
export function baseUrlFor(request: Request): string {
  const configured = liveSettings().publicUrl;
  if (configured) return configured;
  const url = new URL(request.url);
  return `${url.protocol}//${request.headers.get("host") ?? url.host}`;
}

/** The connection, when the bucket is one it watches, lists or has scanned (`fresh`: list again on a miss). */
async function known(db: Db, connectionId: string, bucket: string, fresh = false) {
  const c = requireConnection(db, connectionId);
  if (!watchedBucket(db, connectionId, bucket))
    await requireKnownBucket(db, c, bucket, { freshOnMiss: fresh });
  return c;
}

function requireWatched(db: Db, connectionId: string, bucket: string) {
  const w = watchedBucket(db, connectionId, bucket);
  if (!w) throw new AppError("conflict", `${bucket} is not watched: set up watching first.`);
  return w;
}

/** What `watch status` prints: how the bucket is watched, its events, its newest live findings and gaps. */
export function watchStatus(db: Db, connectionId: string, bucket: string, limit: number) {
  const watch = watchedBucket(db, connectionId, bucket);
  if (!watch) return null;
  return {
    source: watch.source,
    since: watch.createdAt,
    counts: watchCounts(db, connectionId, bucket),
    live: liveFindings(db, { connectionId, bucket, limit }),
    gaps: recentGaps(db, connectionId, bucket, 5),
  };
}

/** The watch page's data: status, live findings (newest first), the schedule with its runs, rules, fixing. */
export async function watchView(
  db: Db,
  connectionId: string,
  bucket: string,
  q: z.infer<typeof liveQuerySchema>,
): Promise<WatchView> {
  const c = await known(db, connectionId, bucket);
  const w = watchedBucket(db, connectionId, bucket);
  const live = liveFindings(db, { connectionId, bucket, limit: q.limit, before: q.before, ownerId: q.owner });
  const accounts = listAccounts(db, connectionId);
  const schedule = listSchedules(db, { connectionId, bucket })[0] ?? null;
  return {
    watch: w
      ? {
          source: w.source,
          ownerId: w.ownerId,
          createdAt: w.createdAt,
          intakeUrl: w.setup.intakeUrl,
          names: w.setup.names,
          applied: w.setup.applied,
          fixByRule: w.fixByRule,
        }
      : null,
    counts: watchCounts(db, connectionId, bucket),
    live,
    nextBefore: live.length === q.limit ? live.at(-1)!.seq : null,
    schedule,
    runs: schedule ? runsWithDiffs(db, connectionId, bucket) : [],
    rules: listRules(db, { connectionId, bucket }),
    channels: listChannels(db).map((ch) => ({ id: ch.id, name: ch.name, kind: ch.config.kind })),
    fixers: listFixers(db, connectionId, bucket),
    fixByRuleStopped: liveSettings().fixByRuleStopped,
    accounts: accounts.map((a) => ({
      canonicalId: a.canonicalId,
      name: a.name,
      hasFixer: fixerTargetOf(c, a) !== null,
    })),
    gaps: recentGaps(db, connectionId, bucket),
  };
}

/** Sets up the feed of a bucket's events (and watches it when asked): what the route shows, the CLI prints. */
export async function setUp(
  db: Db,
  connectionId: string,
  bucket: string,
  input: z.infer<typeof setupSchema>,
  baseUrl: string,
  actor: string,
) {
  // An operator setting up a bucket made a moment ago: list again rather than refuse it.
  await known(db, connectionId, bucket, true);
  return setUpWatch(db, { connectionId, bucket, ...input, baseUrl, actor });
}

/** The bucket's failed events (an outage outlasted their retries) checked again. */
export async function retryFailed(db: Db, connectionId: string, bucket: string) {
  await known(db, connectionId, bucket);
  requireWatched(db, connectionId, bucket);
  return { requeued: requeueFailedEvents(db, connectionId, bucket) };
}

export async function stopWatching(db: Db, connectionId: string, bucket: string) {
  await known(db, connectionId, bucket);
  if (!unwatchBucket(db, connectionId, bucket)) throw new AppError("not_found", `${bucket} is not watched.`);
  forgetBucketSecrets(db, connectionId, bucket);
  return { unwatched: bucket };
}

export async function putSchedule(
  db: Db,
  connectionId: string,
  bucket: string,
  input: z.infer<typeof scheduleSchema>,
  now = new Date(),
) {
  await known(db, connectionId, bucket);
  return saveSchedule(db, { connectionId, bucket, everyHours: input.everyHours, mode: input.mode }, now);
}

export async function deleteSchedule(db: Db, connectionId: string, bucket: string) {
  await known(db, connectionId, bucket);
  if (!removeSchedule(db, connectionId, bucket))
    throw new AppError("not_found", `${bucket} has no schedule.`);
  return { removed: bucket };
}

export async function addAlertRule(db: Db, connectionId: string, bucket: string, input: AlertRuleInput) {
  await known(db, connectionId, bucket);
  if (!getChannel(db, input.channelId))
    throw new AppError("not_found", `No alert channel ${input.channelId}.`);
  return addRule(db, connectionId, bucket, input);
}

export async function removeAlertRule(db: Db, connectionId: string, bucket: string, ruleId: number) {
  await known(db, connectionId, bucket);
  if (!deleteRule(db, ruleId, connectionId, bucket))
    throw new AppError("not_found", `No rule ${ruleId} here.`);
  return { removed: ruleId };
}

/** Fixing by rule: the bucket's switch and the accounts it covers; an account without a fixer is refused. */
export async function putFixByRule(
  db: Db,
  connectionId: string,
  bucket: string,
  input: z.infer<typeof fixByRuleSchema>,
): Promise<FixByRuleResult> {
  const c = await known(db, connectionId, bucket);
  requireWatched(db, connectionId, bucket);
  const accounts = new Map(listAccounts(db, connectionId).map((a) => [a.canonicalId, a]));
  for (const id of input.accounts) {
    const a = accounts.get(id);
    if (!a || !fixerTargetOf(c, a))
      throw new AppError("invalid_input", `accounts: ${id} has no fixer on this connection.`);
  }
  db.transaction(() => {
    setFixByRule(db, connectionId, bucket, input.enabled);
    for (const id of listFixers(db, connectionId, bucket))
      if (!input.accounts.includes(id)) setFixer(db, connectionId, bucket, id, false);
    for (const id of input.accounts) setFixer(db, connectionId, bucket, id, true);
  })();
  return { enabled: input.enabled, accounts: listFixers(db, connectionId, bucket) };
}

/**
 * A new intake secret for a watched bucket (its old one accepted for the grace period, then refused): audited. The
 * sender must be given it: setting up the feed again shows (or, on the gateway, writes) the new one.
 */
export async function rotateSecret(
  db: Db,
  connectionId: string,
  bucket: string,
  input: z.infer<typeof rotateSecretSchema>,
  actor: string,
) {
  await known(db, connectionId, bucket);
  requireWatched(db, connectionId, bucket);
  const rotated = rotateBucketSecret(db, connectionId, bucket, input.graceHours, new Date());
  appendAudit(db, {
    actor,
    jobId: null,
    connectionId,
    bucket,
    key: null,
    versionId: null,
    action: "watch:rotate-secret",
    ownerBefore: null,
    accessBefore: null,
    ownerAfter: null,
    accessAfter: null,
    result: "ok",
    reason: `the old secret is accepted until ${rotated.oldExpiresAt}`,
  });
  return {
    rotated: true,
    oldExpiresAt: rotated.oldExpiresAt,
    next: "Set up the feed again (on the gateway: apply it) so the sender presents the new secret.",
  };
}
