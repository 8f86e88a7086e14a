import "server-only";
import { z } from "zod";
import { cachedStatement, type Db } from "@/lib/db";
import {
  channelConfigSchema,
  smtpFieldsFromUrl,
  type AlertRuleInput,
  type ChannelConfig,
  type ChannelInput,
  alertSummarySchema,
  type AlertSummary,
} from "@/lib/schemas/alerts";
import { parseStored } from "@/lib/schemas/stored";
import type { AlertRecord, AlertRule, Delivery } from "@/lib/schemas/watch";
import { ALERTING } from "@/lib/watch/live";

export type { AlertRecord, AlertRule, Delivery };

type Row = Record<string, unknown>;

export type Channel = {
  id: number;
  name: string;
  config: ChannelConfig;
  createdAt: string;
  failures: number;
  failingSince: string | null;
};

/** A stored configuration; an e-mail channel saved as one SMTP address before the fields existed is read into them. */
function storedConfig(json: string): ChannelConfig {
  const raw = parseStored(z.record(z.string(), z.unknown()), json, "channel configuration");
  if (raw.kind === "email" && typeof raw.smtpUrl === "string") {
    const { smtpUrl, ...rest } = raw;
    try {
      return channelConfigSchema.parse({ ...rest, ...smtpFieldsFromUrl(smtpUrl) });
    } catch {
      // An address with a query (options nodemailer would have read) is not sent to: it must be entered again.
      return channelConfigSchema.parse({ ...rest, host: "invalid.invalid", port: 25, tls: "none" });
    }
  }
  return channelConfigSchema.parse(raw);
}

const toChannel = (r: Row): Channel => ({
  id: r.id as number,
  name: r.name as string,
  config: storedConfig(r.config_json as string),
  createdAt: r.created_at as string,
  failures: (r.failures as number | undefined) ?? 0,
  failingSince: (r.failing_since as string | null) ?? null,
});

/** Records how a channel's last attempt went: failures counted one after another, from when they began. */
export function markChannelOutcome(db: Db, id: number, ok: boolean, now: string): void {
  if (ok) db.prepare("UPDATE alert_channels SET failures = 0, failing_since = NULL WHERE id = ?").run(id);
  else
    db.prepare(
      "UPDATE alert_channels SET failures = failures + 1, failing_since = coalesce(failing_since, ?) WHERE id = ?",
    ).run(now, id);
}

export function saveChannel(db: Db, input: ChannelInput): Channel {
  const id = db
    .prepare(
      `INSERT INTO alert_channels (name, kind, config_json) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config_json = excluded.config_json RETURNING id`,
    )
    .get(input.name, input.config.kind, JSON.stringify(input.config)) as Row;
  return getChannel(db, id.id as number)!;
}

export function getChannel(db: Db, id: number): Channel | undefined {
  const row = db.prepare("SELECT * FROM alert_channels WHERE id = ?").get(id) as Row | undefined;
  return row && toChannel(row);
}

export function channelByName(db: Db, name: string): Channel | undefined {
  const row = db.prepare("SELECT * FROM alert_channels WHERE name = ?").get(name) as Row | undefined;
  return row && toChannel(row);
}

export function listChannels(db: Db): Channel[] {
  return (db.prepare("SELECT * FROM alert_channels ORDER BY name").all() as Row[]).map(toChannel);
}

export function deleteChannel(db: Db, id: number): boolean {
  return db.prepare("DELETE FROM alert_channels WHERE id = ?").run(id).changes > 0;
}

const toRule = (r: Row): AlertRule => ({
  id: r.id as number,
  connectionId: r.connection_id as string,
  bucket: r.bucket as string,
  accountId: (r.account_id as string | null) ?? null,
  threshold: r.threshold as number,
  digestMinutes: (r.digest_minutes as number | null) ?? null,
  channelId: r.channel_id as number,
  cursorSeq: r.cursor_seq as number,
  lastAlertAt: (r.last_alert_at as string | null) ?? null,
  createdAt: r.created_at as string,
});

/**
 * Adds a rule; it considers only live findings from now on (not the bucket's past). The same rule again is the one
 * already there (a channel does not hear the same alert twice).
 */
export function addRule(db: Db, connectionId: string, bucket: string, input: AlertRuleInput): AlertRule {
  const same = listRules(db, { connectionId, bucket }).find(
    (r) =>
      r.channelId === input.channelId &&
      r.accountId === (input.accountId ?? null) &&
      r.threshold === input.threshold &&
      r.digestMinutes === (input.digestMinutes ?? null),
  );
  if (same) return same;
  const { id } = db
    .prepare(
      `INSERT INTO alert_rules (connection_id, bucket, account_id, threshold, digest_minutes, channel_id, cursor_seq)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) FROM live_findings)) RETURNING id`,
    )
    .get(
      connectionId,
      bucket,
      input.accountId ?? null,
      input.threshold,
      input.digestMinutes ?? null,
      input.channelId,
    ) as Row;
  return listRules(db, { id: id as number })[0]!;
}

export function listRules(
  db: Db,
  q: { connectionId?: string; bucket?: string; id?: number } = {},
): AlertRule[] {
  return (
    db
      .prepare(
        `SELECT * FROM alert_rules WHERE (@connectionId IS NULL OR connection_id = @connectionId)
           AND (@bucket IS NULL OR bucket = @bucket) AND (@id IS NULL OR id = @id) ORDER BY id`,
      )
      .all({ connectionId: null, bucket: null, id: null, ...q }) as Row[]
  ).map(toRule);
}

export function deleteRule(db: Db, id: number, connectionId: string, bucket: string): boolean {
  return (
    db
      .prepare("DELETE FROM alert_rules WHERE id = ? AND connection_id = ? AND bucket = ?")
      .run(id, connectionId, bucket).changes > 0
  );
}

/**
 * Makes an alert from a rule's findings up to `uptoSeq`, with one pending delivery, and moves the rule's cursor
 * past them: all in one transaction, so a finding is alerted once whatever stops the process.
 */
export function createAlert(
  db: Db,
  rule: AlertRule,
  summary: AlertSummary,
  uptoSeq: number,
  now: string,
): number {
  let alertId = 0;
  db.transaction(() => {
    alertId = Number(
      db
        .prepare(
          "INSERT INTO alerts (rule_id, connection_id, bucket, summary_json, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .run(rule.id, rule.connectionId, rule.bucket, JSON.stringify(summary), now).lastInsertRowid,
    );
    db.prepare("INSERT INTO alert_deliveries (alert_id, channel_id, next_attempt_at) VALUES (?, ?, ?)").run(
      alertId,
      rule.channelId,
      now,
    );
    db.prepare("UPDATE alert_rules SET cursor_seq = ?, last_alert_at = ? WHERE id = ?").run(
      uptoSeq,
      now,
      rule.id,
    );
  })();
  return alertId;
}

/** Moves a rule's cursor without alerting (findings that do not concern it). */
export function advanceRule(db: Db, ruleId: number, uptoSeq: number): void {
  db.prepare("UPDATE alert_rules SET cursor_seq = max(cursor_seq, ?) WHERE id = ?").run(uptoSeq, ruleId);
}

const toDelivery = (r: Row): Delivery => ({
  id: r.id as number,
  alertId: r.alert_id as number,
  channelId: (r.channel_id as number | null) ?? null,
  channelName: (r.channel_name as string | null) ?? null,
  state: r.state as Delivery["state"],
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as string,
  lastError: (r.last_error as string | null) ?? null,
  sentAt: (r.sent_at as string | null) ?? null,
});

const deliveryColumns = `d.*, c.name AS channel_name FROM alert_deliveries d LEFT JOIN alert_channels c ON c.id = d.channel_id`;

export function dueDeliveries(db: Db, now: string, limit: number): Delivery[] {
  return (
    cachedStatement(
      db,
      `SELECT ${deliveryColumns} WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`,
    ).all(now, limit) as Row[]
  ).map(toDelivery);
}

export function markDelivered(db: Db, id: number, now: string): void {
  db.prepare(
    "UPDATE alert_deliveries SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
  ).run(now, id);
}

/** Records a failed attempt: tried again at `retryAt`, or failed for good when there is none. */
export function markAttemptFailed(db: Db, id: number, error: string, retryAt: string | null): void {
  db.prepare(
    `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, state = ?, next_attempt_at = coalesce(?, next_attempt_at)
     WHERE id = ?`,
  ).run(error.slice(0, 500), retryAt ? "pending" : "failed", retryAt, id);
}

/** Sends a failed delivery again (from the failed-deliveries list): pending now, its attempts counted afresh. */
export function resendDelivery(db: Db, id: number, now: string): boolean {
  return (
    db
      .prepare(
        "UPDATE alert_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND state = 'failed'",
      )
      .run(now, id).changes > 0
  );
}

/** The alerts history, newest first, with each alert's deliveries. */
export function listAlerts(
  db: Db,
  q: { connectionId?: string; bucket?: string; before?: number; limit: number; failedOnly?: boolean },
): AlertRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM alerts a WHERE (@connectionId IS NULL OR connection_id = @connectionId)
         AND (@bucket IS NULL OR bucket = @bucket) AND (@before IS NULL OR id < @before)
         AND (@failedOnly = 0 OR EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.state = 'failed'))
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({ connectionId: null, bucket: null, before: null, ...q, failedOnly: q.failedOnly ? 1 : 0 }) as Row[];
  const deliveries = db.prepare(`SELECT ${deliveryColumns} WHERE d.alert_id = ? ORDER BY d.id`);
  return rows.map((r) => ({
    id: r.id as number,
    ruleId: (r.rule_id as number | null) ?? null,
    connectionId: r.connection_id as string,
    bucket: r.bucket as string,
    summary: parseStored(alertSummarySchema, r.summary_json as string, "alert summary"),
    createdAt: r.created_at as string,
    deliveries: (deliveries.all(r.id) as Row[]).map(toDelivery),
  }));
}

export function getAlert(db: Db, id: number): AlertRecord | undefined {
  const row = db.prepare("SELECT connection_id FROM alerts WHERE id = ?").get(id) as Row | undefined;
  if (!row) return undefined;
  return listAlerts(db, { before: id + 1, limit: 1, connectionId: row.connection_id as string })[0];
}

/** The slice of a bucket's live record one rule evaluation looks at: after its cursor, up to the newest now. */
export type LiveWindow = {
  connectionId: string;
  bucket: string;
  after: number;
  upto: number;
  accountId: string | null;
};

const alertingSql = `(status IN (${ALERTING.map((s) => `'${s}'`).join(", ")}) OR fix_job_id IS NOT NULL)`;
const windowSql = `connection_id = @c AND bucket = @b AND seq > @after AND seq <= @upto AND ${alertingSql}
  AND (@account IS NULL OR owner_id = @account)`;
const windowParams = (w: LiveWindow) => ({
  c: w.connectionId,
  b: w.bucket,
  after: w.after,
  upto: w.upto,
  account: w.accountId,
});

/** The newest position of a bucket's live record (0 when it has none). */
export function liveTop(db: Db, connectionId: string, bucket: string): number {
  const row = cachedStatement(
    db,
    "SELECT coalesce(max(seq), 0) AS top FROM live_findings WHERE connection_id = ? AND bucket = ?",
  ).get(connectionId, bucket) as { top: number };
  return Number(row.top);
}

/** How many alerting findings a window holds, and when the first of them was checked. */
export function unseenFindings(db: Db, w: LiveWindow): { total: number; firstCheckedAt: string | null } {
  const row = cachedStatement(
    db,
    `SELECT count(*) AS n, min(checked_at) AS first FROM live_findings WHERE ${windowSql}`,
  ).get(windowParams(w)) as { n: number; first: string | null };
  return { total: Number(row.n), firstCheckedAt: row.first };
}

/** The first `limit` alerting findings of a window, in the order they arrived. */
export function windowFindings(
  db: Db,
  w: LiveWindow,
  limit: number,
): { key: string; ownerId: string | null; firstSeen: string; writer: string | null }[] {
  const rows = cachedStatement(
    db,
    `SELECT key, owner_id, first_seen, writer FROM live_findings WHERE ${windowSql} ORDER BY seq LIMIT @limit`,
  ).all({ ...windowParams(w), limit }) as {
    key: string;
    owner_id: string | null;
    first_seen: string;
    writer: string | null;
  }[];
  return rows.map((r) => ({ key: r.key, ownerId: r.owner_id, firstSeen: r.first_seen, writer: r.writer }));
}
