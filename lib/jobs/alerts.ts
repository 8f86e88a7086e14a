import "server-only";
import { alertLink } from "@/lib/alerts/link";
import { summarizeFindings, type AlertFinding, type AlertSummary } from "@/lib/alerts/summary";
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
  type AlertRule,
  type Delivery,
} from "@/lib/db/alerts";
import { listAccounts } from "@/lib/db/connections";
import { ALERTING } from "@/lib/db/watch";
import { sendAlert } from "@/lib/notify/send";

type Row = Record<string, unknown>;

// An alert lists at most this many findings in its summary (its total counts them all).
const SUMMARIZED = 5_000;
const MAX_ATTEMPTS = 6;
// How long an immediate rule gathers a burst before it alerts (the tick looks again every second).
export const COALESCE_MS = 1_000;

const alertingSql = `(status IN (${ALERTING.map((s) => `'${s}'`).join(", ")}) OR fix_job_id IS NOT NULL)`;

function evaluateRule(db: Db, rule: AlertRule, now: Date): number | null {
  const top = db
    .prepare("SELECT coalesce(max(seq), 0) AS top FROM live_findings WHERE connection_id = ? AND bucket = ?")
    .get(rule.connectionId, rule.bucket) as Row;
  const upto = Math.max(Number(top.top), rule.cursorSeq);
  const scope = `connection_id = @c AND bucket = @b AND seq > @after AND seq <= @upto AND ${alertingSql}
    AND (@account IS NULL OR owner_id = @account)`;
  const params = {
    c: rule.connectionId,
    b: rule.bucket,
    after: rule.cursorSeq,
    upto,
    account: rule.accountId,
  };
  const total = Number(
    (db.prepare(`SELECT count(*) AS n FROM live_findings WHERE ${scope}`).get(params) as Row).n,
  );
  if (total === 0) {
    if (upto > rule.cursorSeq) advanceRule(db, rule.id, upto);
    return null;
  }
  if (total < rule.threshold) return null;
  if (rule.digestMinutes !== null) {
    const since = Date.parse(rule.lastAlertAt ?? rule.createdAt);
    if (now.getTime() - since < rule.digestMinutes * 60_000) return null;
  } else {
    // At once, but a burst makes one alert: the first finding waits a moment for the ones right behind it.
    const first = db
      .prepare(`SELECT min(checked_at) AS at FROM live_findings WHERE ${scope}`)
      .get(params) as Row;
    if (now.getTime() - Date.parse(first.at as string) < COALESCE_MS) return null;
  }
  const findings = (
    db
      .prepare(
        `SELECT key, owner_id, first_seen FROM live_findings WHERE ${scope} ORDER BY seq LIMIT ${SUMMARIZED}`,
      )
      .all(params) as Row[]
  ).map((r): AlertFinding => ({
    key: r.key as string,
    ownerId: (r.owner_id as string | null) ?? null,
    firstSeen: r.first_seen as string,
  }));
  const names = Object.fromEntries(listAccounts(db, rule.connectionId).map((a) => [a.canonicalId, a.name]));
  const accounts = summarizeFindings(findings, names);
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
  return createAlert(db, rule, summary, upto, now.toISOString());
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
