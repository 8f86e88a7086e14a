import "server-only";
import { sendAlert } from "@/lib/alerts/channels";
import { alertLink } from "@/lib/alerts/link";
import { decideAlert } from "@/lib/alerts/rules";
import { summarizeFindings, type AlertFinding } from "@/lib/alerts/summary";
import type { Db } from "@/lib/db";
import {
  advanceRule,
  createAlert,
  dueDeliveries,
  getAlert,
  getChannel,
  listRules,
  markAttemptFailed,
  markChannelOutcome,
  markDelivered,
  liveTop,
  unseenFindings,
  windowFindings,
  type AlertRule,
  type Delivery,
} from "@/lib/db/alerts";
import { listAccounts } from "@/lib/db/connections";
import { latestWriters } from "@/lib/db/writers";
import { accountOfRequester } from "@/lib/migrate/requesters";
import type { AlertSummary } from "@/lib/schemas/alerts";
import { alertWriters } from "@/lib/writers/alert";

// An alert lists at most this many findings in its summary (its total counts them all).
const SUMMARIZED = 5_000;
const MAX_ATTEMPTS = 6;

function evaluateRule(db: Db, rule: AlertRule, now: Date): number | null {
  const window = {
    connectionId: rule.connectionId,
    bucket: rule.bucket,
    after: rule.cursorSeq,
    upto: Math.max(liveTop(db, rule.connectionId, rule.bucket), rule.cursorSeq),
    accountId: rule.accountId,
  };
  const unseen = unseenFindings(db, window);
  const decision = decideAlert(rule, unseen, now);
  if (decision === "skip" && window.upto > rule.cursorSeq) advanceRule(db, rule.id, window.upto);
  if (decision !== "alert") return null;
  const findings: AlertFinding[] = windowFindings(db, window, SUMMARIZED);
  const total = unseen.total;
  const known = listAccounts(db, rule.connectionId);
  const names = Object.fromEntries(known.map((a) => [a.canonicalId, a.name]));
  // The bucket's writers on record (its newest reading of logs), each named for the account it is.
  const records = latestWriters(db, rule.connectionId, rule.bucket)?.writers ?? [];
  const accountOf = (r: (typeof records)[number]) =>
    accountOfRequester(known, r.principal, r.accountId)?.canonicalId ?? null;
  const accounts = summarizeFindings(findings, names, (accountId, eventWriters) =>
    alertWriters(
      eventWriters,
      records.filter((r) => accountOf(r) === accountId),
    ),
  );
  const filter = rule.accountId ? `?owner=${encodeURIComponent(rule.accountId)}` : "";
  const summary: AlertSummary = {
    connectionId: rule.connectionId,
    bucket: rule.bucket,
    total,
    accounts,
    link: alertLink(
      `/connections/${encodeURIComponent(rule.connectionId)}/buckets/${encodeURIComponent(rule.bucket)}/watch${filter}`,
    ),
    rule: {
      id: rule.id,
      account: rule.accountId,
      threshold: rule.threshold,
      digestMinutes: rule.digestMinutes,
    },
  };
  return createAlert(db, rule, summary, window.upto, now.toISOString());
}

/**
 * Runs the alert rules (of one bucket, or all): each looks at the live findings it has not yet seen, and makes an
 * alert when there are enough of them (at once, or once its digest period has passed). Answers the alerts made.
 */
export function evaluateRules(
  db: Db,
  now: Date,
  where: { connectionId?: string; bucket?: string } = {},
): number[] {
  const made: number[] = [];
  for (const rule of listRules(db, where)) {
    const id = evaluateRule(db, rule, now);
    if (id !== null) made.push(id);
  }
  return made;
}

/** The wait before attempt n+1: 5 s, 10 s, 20 s… at most 15 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(5_000 * 2 ** attempts, 15 * 60_000);

/**
 * Sends every delivery that is due, each channel on its own: a slow or failing channel holds up only its own
 * deliveries (each bounded by the sender's deadline). A failure is tried again later with backoff, and after six
 * attempts is kept as failed (the failed-deliveries list resends it). `busy` holds the channels with a send under
 * way, whose due deliveries wait for it. Answers how many were sent.
 */
export async function deliverDue(
  db: Db,
  now: Date,
  send = sendAlert,
  busy = new Set<number | null>(),
): Promise<number> {
  const byChannel = new Map<number | null, Delivery[]>();
  for (const d of dueDeliveries(db, now.toISOString(), 200)) {
    if (busy.has(d.channelId)) continue;
    byChannel.set(d.channelId, [...(byChannel.get(d.channelId) ?? []), d]);
  }
  const counts = await Promise.all(
    [...byChannel].map(async ([channelId, deliveries]) => {
      busy.add(channelId);
      let sent = 0;
      try {
        for (const d of deliveries) if (await deliverOne(db, d, now, send)) sent++;
      } finally {
        busy.delete(channelId);
      }
      return sent;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function deliverOne(db: Db, d: Delivery, now: Date, send: typeof sendAlert): Promise<boolean> {
  const channel = d.channelId === null ? undefined : getChannel(db, d.channelId);
  const alert = getAlert(db, d.alertId);
  if (!channel || !alert) {
    markAttemptFailed(db, d.id, "the channel was removed", null);
    return false;
  }
  try {
    await send(channel.config, alert.summary, alert.id);
    markDelivered(db, d.id, new Date().toISOString());
    markChannelOutcome(db, channel.id, true, now.toISOString());
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryAt =
      d.attempts + 1 >= MAX_ATTEMPTS
        ? null
        : new Date(now.getTime() + retryDelayMs(d.attempts)).toISOString();
    markAttemptFailed(db, d.id, reason, retryAt);
    markChannelOutcome(db, channel.id, false, now.toISOString());
    return false;
  }
}
