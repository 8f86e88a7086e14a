import "server-only";
import type { BucketOwnerAccess, ObjectStatus } from "@/lib/audit/types";
import { cachedStatement, type Db } from "@/lib/db";
import { parseStored } from "@/lib/schemas/stored";
import {
  watchSetupSchema,
  type LiveFinding,
  type WatchCounts,
  type WatchSetup,
  type WatchSetupInput,
} from "@/lib/schemas/watch";
import type { ObjectEvent } from "@/lib/watch/events";
import { ALERTING } from "@/lib/watch/live";

export type { LiveFinding, WatchCounts };

export type WatchSource = "gateway" | "sns" | "eventbridge" | "sqs";

export type WatchedBucket = {
  connectionId: string;
  bucket: string;
  ownerId: string;
  source: WatchSource;
  setup: WatchSetup;
  fixByRule: boolean;
  createdAt: string;
};

type Row = Record<string, unknown>;

const toWatched = (r: Row): WatchedBucket => ({
  connectionId: r.connection_id as string,
  bucket: r.bucket as string,
  ownerId: r.owner_id as string,
  source: r.source as WatchSource,
  setup: parseStored(watchSetupSchema, r.setup_json as string, "watch setup"),
  fixByRule: r.fix_by_rule === 1,
  createdAt: r.created_at as string,
});

export function watchBucket(
  db: Db,
  w: { connectionId: string; bucket: string; ownerId: string; source: WatchSource; setup: WatchSetupInput },
): WatchedBucket {
  db.prepare(
    `INSERT INTO watched_buckets (connection_id, bucket, owner_id, source, setup_json) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, bucket) DO UPDATE SET owner_id = excluded.owner_id, source = excluded.source,
       setup_json = excluded.setup_json`,
  ).run(w.connectionId, w.bucket, w.ownerId, w.source, JSON.stringify(watchSetupSchema.parse(w.setup)));
  return watchedBucket(db, w.connectionId, w.bucket)!;
}

export function watchedBucket(db: Db, connectionId: string, bucket: string): WatchedBucket | undefined {
  const row = db
    .prepare("SELECT * FROM watched_buckets WHERE connection_id = ? AND bucket = ?")
    .get(connectionId, bucket) as Row | undefined;
  return row && toWatched(row);
}

export function listWatchedBuckets(db: Db, connectionId?: string): WatchedBucket[] {
  const rows = connectionId
    ? db.prepare("SELECT * FROM watched_buckets WHERE connection_id = ? ORDER BY bucket").all(connectionId)
    : db.prepare("SELECT * FROM watched_buckets ORDER BY connection_id, bucket").all();
  return (rows as Row[]).map(toWatched);
}

export function unwatchBucket(db: Db, connectionId: string, bucket: string): boolean {
  return (
    db.prepare("DELETE FROM watched_buckets WHERE connection_id = ? AND bucket = ?").run(connectionId, bucket)
      .changes > 0
  );
}

export function setFixByRule(db: Db, connectionId: string, bucket: string, on: boolean): void {
  db.prepare("UPDATE watched_buckets SET fix_by_rule = ? WHERE connection_id = ? AND bucket = ?").run(
    on ? 1 : 0,
    connectionId,
    bucket,
  );
}

export type IntakeResult = { accepted: number; duplicates: number; unwatched: number; refused: number };

/** Whether a bucket takes events that came this way: only through the feed it was set up with (and its topic). */
function feeds(w: WatchedBucket, source: WatchSource, topicArn: string | null): boolean {
  if (w.source !== source) return false;
  const topic = w.setup.names.topicArn;
  return source !== "sns" || topic === undefined || topic === topicArn;
}

/**
 * Stores a delivery's events in one transaction (committed before the sender hears 2xx). An event already stored
 * (a redelivery) is a duplicate; one for a bucket this connection does not watch is dropped; one for a bucket fed
 * another way (raw records for a bucket fed by SNS, whose messages are signed; another topic) is refused.
 */
export function recordEvents(
  db: Db,
  connectionId: string,
  source: WatchSource,
  events: readonly ObjectEvent[],
  topicArn: string | null = null,
  /** The buckets the sender is trusted for (its secret's): events for any other are refused. */
  onlyBuckets: readonly string[] | null = null,
): IntakeResult {
  const result: IntakeResult = { accepted: 0, duplicates: 0, unwatched: 0, refused: 0 };
  const watched = new Map(listWatchedBuckets(db, connectionId).map((w) => [w.bucket, w]));
  const insert = cachedStatement(
    db,
    `INSERT OR IGNORE INTO watch_events (connection_id, bucket, key, version_id, etag, sequencer, writer, event_time,
       source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const e of events) {
      const w = watched.get(e.bucket);
      if (!w) {
        result.unwatched++;
        continue;
      }
      if (!feeds(w, source, topicArn) || (onlyBuckets !== null && !onlyBuckets.includes(e.bucket))) {
        result.refused++;
        continue;
      }
      const { changes } = insert.run(
        connectionId,
        e.bucket,
        e.key,
        e.versionId,
        e.etag,
        e.sequencer,
        e.writer,
        e.eventTime,
        source,
      );
      if (changes > 0) result.accepted++;
      else result.duplicates++;
    }
  })();
  return result;
}

export type StoredEvent = ObjectEvent & {
  id: number;
  connectionId: string;
  attempts: number;
  receivedAt: string;
};

/** The oldest events not yet checked and due (a failed check waits its backoff), each counted as one more attempt. */
export function claimPendingEvents(
  db: Db,
  limit: number,
  exceptIds: ReadonlySet<number>,
  now = new Date(),
): StoredEvent[] {
  const rows = cachedStatement(
    db,
    "SELECT * FROM watch_events WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
  ).all(now.toISOString(), limit + exceptIds.size) as Row[];
  const picked = rows.filter((r) => !exceptIds.has(r.id as number)).slice(0, limit);
  const bump = cachedStatement(db, "UPDATE watch_events SET attempts = attempts + 1 WHERE id = ?");
  db.transaction(() => picked.forEach((r) => bump.run(r.id)))();
  return picked.map((r) => ({
    id: r.id as number,
    connectionId: r.connection_id as string,
    bucket: r.bucket as string,
    key: r.key as string,
    versionId: r.version_id as string,
    etag: r.etag as string,
    sequencer: r.sequencer as string,
    writer: (r.writer as string | null) ?? null,
    bucketOwner: null,
    eventTime: (r.event_time as string | null) ?? null,
    attempts: (r.attempts as number) + 1,
    receivedAt: r.received_at as string,
  }));
}

/** A check that failed is tried again at `at` (S3 unreachable, a credential refreshing). */
export function retryEventAt(db: Db, eventId: number, at: Date, reason: string): void {
  cachedStatement(db, "UPDATE watch_events SET next_attempt_at = ?, outcome = ? WHERE id = ?").run(
    at.toISOString(),
    reason.slice(0, 500),
    eventId,
  );
}

/** Failed events of a bucket checked again (after an outage the checker gave up on): answers how many. */
export function requeueFailedEvents(db: Db, connectionId: string, bucket: string): number {
  return db
    .prepare(
      `UPDATE watch_events SET state = 'pending', attempts = 0, next_attempt_at = '', outcome = NULL
       WHERE connection_id = ? AND bucket = ? AND state = 'failed'`,
    )
    .run(connectionId, bucket).changes;
}

export type LiveCheck = {
  status: ObjectStatus;
  bucketOwnerAccess: BucketOwnerAccess;
  ownerId: string | null;
  reason: string | null;
  size: number | null;
  etag: string | null;
  /** When S3 says the object was written (the listing's LastModified): the live record's first-seen time. */
  lastModified?: string | null;
};

/**
 * Ends an event's check in one transaction: the event is marked with its outcome, and the object's live record is
 * written when it is foreign (or was, and is now put right). The record keeps the owner the object arrived with. A
 * key that arrives foreign again (after being put right, or rewritten by another account or with other content)
 * starts a new record, so that alerts see it as new; the same object checked again is updated in place.
 */
export function completeEvent(
  db: Db,
  event: StoredEvent,
  outcome: "foreign" | "owned" | "skipped" | "missing" | "not-new" | "own-fix" | "failed",
  check: LiveCheck | null,
  /** Ownerscope's own fix job wrote the object (ownFixJob): no arrival; the key's record points at the job. */
  ownJob: number | null = null,
): number | null {
  let seq: number | null = null;
  db.transaction(() => {
    cachedStatement(
      db,
      "UPDATE watch_events SET state = ?, outcome = ?, checked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    ).run(outcome === "failed" ? "failed" : "checked", outcome, event.id);
    if (!check) return;
    const existing = cachedStatement(
      db,
      "SELECT seq, status, owner_id, etag FROM live_findings WHERE connection_id = ? AND bucket = ? AND key = ?",
    ).get(event.connectionId, event.bucket, event.key) as Row | undefined;
    const foreign = check.status !== "owned";
    if (ownJob !== null) {
      // Ownerscope's own write: the record, if the key has one, moves to what the fix left and names the job (whose
      // read-back settles it); it is never a new arrival, so no alert and no fix by rule follow.
      if (existing)
        cachedStatement(
          db,
          `UPDATE live_findings SET status = ?, bucket_owner_access = ?, reason = ?, event_id = ?, fix_job_id = ?,
             checked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE seq = ?`,
        ).run(check.status, check.bucketOwnerAccess, check.reason, event.id, ownJob, existing.seq);
      return;
    }
    if (!existing && !foreign) return;
    const sameObject = existing && existing.owner_id === check.ownerId && existing.etag === check.etag;
    const arrivesAgain = foreign && existing && (!sameObject || existing.status === "owned");
    if (existing && !arrivesAgain) {
      // Put right (owned now), or the same foreign object seen again: its status moves, its arrival stays.
      cachedStatement(
        db,
        `UPDATE live_findings SET status = ?, bucket_owner_access = ?, reason = ?, event_id = ?,
           checked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE seq = ?`,
      ).run(check.status, check.bucketOwnerAccess, check.reason, event.id, existing.seq);
      seq = existing.seq as number;
      return;
    }
    if (existing) cachedStatement(db, "DELETE FROM live_findings WHERE seq = ?").run(existing.seq);
    const inserted = cachedStatement(
      db,
      `INSERT INTO live_findings (connection_id, bucket, key, writer, owner_id, status, bucket_owner_access, reason,
         size, etag, event_id, first_seen, checked_at, arrived_after, arrived_before)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)`,
    ).run(
      event.connectionId,
      event.bucket,
      event.key,
      event.writer,
      check.ownerId,
      check.status,
      check.bucketOwnerAccess,
      check.reason,
      check.size,
      check.etag,
      event.id,
      // S3's word for when it was written, not the sender's.
      check.lastModified ?? event.receivedAt,
      ...arrivalWindow(event.receivedAt),
    );
    seq = Number(inserted.lastInsertRowid);
  })();
  return seq;
}

/** Whether the key has a live finding the bucket owner still cannot use as its own (a write of its own changes it). */
export function hasOpenLiveFinding(db: Db, connectionId: string, bucket: string, key: string): boolean {
  return (
    cachedStatement(
      db,
      "SELECT 1 FROM live_findings WHERE connection_id = ? AND bucket = ? AND key = ? AND status <> 'owned'",
    ).get(connectionId, bucket, key) !== undefined
  );
}

// How long after a fix job's write its object's event may come (a sender's retries, a queue).
const OWN_WRITE_MS = 15 * 60_000;

/**
 * The fix job of Ownerscope's own that wrote the object an event reports, or null: a job of this bucket that was
 * writing the key (a copy under way) or wrote it lately, whose object has the ETag the check read. A later write by
 * anyone else has its own ETag, or leaves the object in a state no fix leaves (the caller checks that), so it is
 * never taken for ours.
 */
export function ownFixJob(db: Db, event: StoredEvent, etag: string | null): number | null {
  if (!etag) return null;
  const since = new Date(Date.parse(event.receivedAt) - OWN_WRITE_MS).toISOString();
  const row = cachedStatement(
    db,
    `SELECT i.job_id FROM fix_jobs j JOIN fix_items i ON i.job_id = j.id AND i.key = ?
     WHERE j.connection_id = ? AND j.bucket = ? AND i.state IN ('copying', 'fixed') AND i.updated_at >= ?
       AND replace(i.planned_etag, '"', '') = ? ORDER BY i.job_id DESC LIMIT 1`,
  ).get(event.key, event.connectionId, event.bucket, since, etag.replace(/"/g, "")) as Row | undefined;
  return row ? (row.job_id as number) : null;
}

// When an object an event reports may have been written, by Ownerscope's own clock (never the sender's word): from
// a while before the event came (a sender's retries, a queue) to a little after (clocks differ).
const ARRIVAL_BEFORE_MS = 15 * 60_000;
const ARRIVAL_AFTER_MS = 2 * 60_000;
const arrivalWindow = (receivedAt: string) => {
  const at = Date.parse(receivedAt);
  return [new Date(at - ARRIVAL_BEFORE_MS).toISOString(), new Date(at + ARRIVAL_AFTER_MS).toISOString()];
};

/** Events of a bucket still waiting for their check (the intake refuses more past a cap). */
export function pendingEventCount(db: Db, connectionId: string, bucket: string): number {
  return Number(
    (
      cachedStatement(
        db,
        "SELECT count(*) AS n FROM watch_events WHERE connection_id = ? AND bucket = ? AND state = 'pending'",
      ).get(connectionId, bucket) as Row
    ).n,
  );
}

/** Checked (or failed) events received before `before` are deleted, at most `limit` at a time; answers how many. */
export function pruneEvents(db: Db, before: string, limit = 10_000): number {
  return db
    .prepare(
      `DELETE FROM watch_events WHERE id IN (
         SELECT id FROM watch_events WHERE received_at < ? AND state <> 'pending' ORDER BY received_at LIMIT ?)`,
    )
    .run(before, limit).changes;
}

/** Gives up on an event that failed too often: it stays in the list as failed. */
export function failEvent(db: Db, eventId: number, reason: string): void {
  cachedStatement(
    db,
    "UPDATE watch_events SET state = 'failed', outcome = ?, checked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
  ).run(reason.slice(0, 500), eventId);
}

const toLive = (r: Row): LiveFinding => ({
  seq: r.seq as number,
  bucket: r.bucket as string,
  key: r.key as string,
  writer: (r.writer as string | null) ?? null,
  ownerId: (r.owner_id as string | null) ?? null,
  status: r.status as ObjectStatus,
  bucketOwnerAccess: r.bucket_owner_access as BucketOwnerAccess,
  reason: (r.reason as string | null) ?? null,
  size: (r.size as number | null) ?? null,
  firstSeen: r.first_seen as string,
  checkedAt: r.checked_at as string,
  fixJobId: (r.fix_job_id as number | null) ?? null,
  ruleNote: (r.rule_note as string | null) ?? null,
});

/** A bucket's live record, newest first, a page at a time (`before`: the last page's smallest seq). */
export function liveFindings(
  db: Db,
  q: { connectionId: string; bucket: string; limit: number; before?: number; ownerId?: string },
): LiveFinding[] {
  const rows = db
    .prepare(
      `SELECT * FROM live_findings WHERE connection_id = @connectionId AND bucket = @bucket
         AND (@before IS NULL OR seq < @before) AND (@ownerId IS NULL OR owner_id = @ownerId)
       ORDER BY seq DESC LIMIT @limit`,
    )
    .all({ before: null, ownerId: null, ...q }) as Row[];
  return rows.map(toLive);
}

/** Live findings after `afterSeq`, oldest first (what an alert rule has not yet seen). */
export function liveFindingsAfter(
  db: Db,
  q: { connectionId: string; bucket: string; afterSeq: number; limit: number },
): LiveFinding[] {
  return (
    db
      .prepare(
        `SELECT * FROM live_findings WHERE connection_id = @connectionId AND bucket = @bucket AND seq > @afterSeq
         ORDER BY seq LIMIT @limit`,
      )
      .all(q) as Row[]
  ).map(toLive);
}

export function markLiveFixJob(db: Db, seq: number, jobId: number): void {
  db.prepare("UPDATE live_findings SET fix_job_id = ? WHERE seq = ?").run(jobId, seq);
}

/** What the watch of a bucket has seen: its events by state, and its live findings still a problem. */
export function watchCounts(db: Db, connectionId: string, bucket: string): WatchCounts {
  // From the indexes alone (the page asks every two seconds, and a bucket's events only grow).
  const byState = Object.fromEntries(
    (
      cachedStatement(
        db,
        "SELECT state, count(*) AS n FROM watch_events WHERE connection_id = ? AND bucket = ? GROUP BY state",
      ).all(connectionId, bucket) as Row[]
    ).map((r) => [r.state as string, Number(r.n)]),
  );
  const newest = cachedStatement(
    db,
    "SELECT received_at FROM watch_events WHERE connection_id = ? AND bucket = ? ORDER BY id DESC LIMIT 1",
  ).get(connectionId, bucket) as Row | undefined;
  const events: Record<string, unknown> = { ...byState, last: newest?.received_at ?? null };
  const alerting = db
    .prepare(
      `SELECT count(*) AS n FROM live_findings WHERE connection_id = ? AND bucket = ?
         AND status IN (${ALERTING.map(() => "?").join(", ")})`,
    )
    .get(connectionId, bucket, ...ALERTING) as Row;
  return {
    pending: Number(events.pending ?? 0),
    checked: Number(events.checked ?? 0),
    failed: Number(events.failed ?? 0),
    alerting: Number(alerting.n),
    lastEventAt: (events.last as string | null) ?? null,
  };
}

export function listFixers(db: Db, connectionId: string, bucket: string): string[] {
  return (
    db
      .prepare(
        "SELECT account_id FROM watch_fixers WHERE connection_id = ? AND bucket = ? ORDER BY account_id",
      )
      .all(connectionId, bucket) as Row[]
  ).map((r) => r.account_id as string);
}

export function setFixer(db: Db, connectionId: string, bucket: string, accountId: string, on: boolean): void {
  if (on)
    db.prepare("INSERT OR IGNORE INTO watch_fixers (connection_id, bucket, account_id) VALUES (?, ?, ?)").run(
      connectionId,
      bucket,
      accountId,
    );
  else
    db.prepare("DELETE FROM watch_fixers WHERE connection_id = ? AND bucket = ? AND account_id = ?").run(
      connectionId,
      bucket,
      accountId,
    );
}
