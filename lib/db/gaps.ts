import "server-only";
import type { Db } from "@/lib/db";
import type { WatchGap } from "@/lib/schemas/watch";

export type { WatchGap };

type Row = Record<string, unknown>;

/** This server is up at `at` (written by the watch tick; read at the next start to know how long it was down). */
export function beat(db: Db, at: string): void {
  db.prepare(
    "INSERT INTO server_heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
  ).run(at);
}

export function lastBeat(db: Db): string | null {
  const row = db.prepare("SELECT at FROM server_heartbeat WHERE id = 1").get() as Row | undefined;
  return (row?.at as string | undefined) ?? null;
}

const toGap = (r: Row): WatchGap => ({
  id: r.id as number,
  connectionId: r.connection_id as string,
  bucket: r.bucket as string,
  cause: r.cause as string,
  startedAt: r.started_at as string,
  endedAt: (r.ended_at as string | null) ?? null,
  state: r.state as WatchGap["state"],
  scanId: (r.scan_id as number | null) ?? null,
  attempts: r.attempts as number,
  found: (r.found as number | null) ?? null,
  note: (r.note as string | null) ?? null,
  closedAt: (r.closed_at as string | null) ?? null,
});

/**
 * A time the intake could not have heard a bucket's events. It joins the bucket's gap not yet being caught up,
 * when there is one (so a flapping feed makes one catch-up, not many); `endedAt` null: still going on.
 */
export function openGap(
  db: Db,
  g: { connectionId: string; bucket: string; cause: string; startedAt: string; endedAt: string | null },
): void {
  db.transaction(() => {
    const open = db
      .prepare(
        "SELECT * FROM watch_gaps WHERE connection_id = ? AND bucket = ? AND state = 'open' ORDER BY id DESC",
      )
      .get(g.connectionId, g.bucket) as Row | undefined;
    if (!open) {
      db.prepare(
        "INSERT INTO watch_gaps (connection_id, bucket, cause, started_at, ended_at) VALUES (?, ?, ?, ?, ?)",
      ).run(g.connectionId, g.bucket, g.cause, g.startedAt, g.endedAt);
      return;
    }
    const gap = toGap(open);
    const cause = gap.cause.includes(g.cause) ? gap.cause : `${gap.cause}; ${g.cause}`.slice(0, 500);
    const ongoing = gap.endedAt === null || g.endedAt === null;
    const ended = ongoing ? null : gap.endedAt! > g.endedAt! ? gap.endedAt : g.endedAt;
    db.prepare(
      "UPDATE watch_gaps SET cause = ?, started_at = min(started_at, ?), ended_at = ? WHERE id = ?",
    ).run(cause, g.startedAt, ended, gap.id);
  })();
}

/** A feed that was unreachable answers again: its bucket's ongoing gap ends now. */
export function endGap(db: Db, connectionId: string, bucket: string, at: string): void {
  db.prepare(
    "UPDATE watch_gaps SET ended_at = ? WHERE connection_id = ? AND bucket = ? AND state = 'open' AND ended_at IS NULL",
  ).run(at, connectionId, bucket);
}

/** Gaps not yet closed: ended ones waiting for their catch-up, and those whose catch-up runs. */
export function unclosedGaps(db: Db): WatchGap[] {
  return (db.prepare("SELECT * FROM watch_gaps WHERE state <> 'closed' ORDER BY id").all() as Row[]).map(
    toGap,
  );
}

export function recentGaps(db: Db, connectionId: string, bucket: string, limit = 10): WatchGap[] {
  return (
    db
      .prepare("SELECT * FROM watch_gaps WHERE connection_id = ? AND bucket = ? ORDER BY id DESC LIMIT ?")
      .all(connectionId, bucket, limit) as Row[]
  ).map(toGap);
}

export function markCatchingUp(db: Db, id: number, scanId: number): void {
  db.prepare(
    "UPDATE watch_gaps SET state = 'catching-up', scan_id = ?, attempts = attempts + 1 WHERE id = ?",
  ).run(scanId, id);
}

/** A catch-up that could not run or ended without completing: the gap waits for another (its note says why). */
export function reopenGap(db: Db, id: number, note: string): void {
  db.prepare("UPDATE watch_gaps SET state = 'open', scan_id = NULL, note = ? WHERE id = ?").run(
    note.slice(0, 500),
    id,
  );
}

/**
 * Closes a gap with its catch-up scan: the foreign keys the scan found written since the gap began that the live
 * record does not hold as they are (same key and ETag) join it, once, in the same transaction as the gap's close.
 * Answers how many joined.
 */
export function closeGapWithScan(
  db: Db,
  gap: WatchGap,
  scan: { id: number; bucketOwnerId: string },
  window: { since: string; until: string },
  now: string,
): number {
  let found = 0;
  db.transaction(() => {
    const rows = db
      .prepare(
        `SELECT key, owner_id, status, bucket_owner_access, reason, size, etag, last_modified FROM findings
         WHERE scan_id = ? AND version_id = '' AND status IS NOT NULL AND status <> 'owned'
           AND owner_id IS NOT ? AND last_modified >= ?`,
      )
      .all(scan.id, scan.bucketOwnerId, window.since) as Row[];
    const existing = db.prepare(
      "SELECT seq, etag, status FROM live_findings WHERE connection_id = ? AND bucket = ? AND key = ?",
    );
    const remove = db.prepare("DELETE FROM live_findings WHERE seq = ?");
    const insert = db.prepare(
      `INSERT INTO live_findings (connection_id, bucket, key, writer, owner_id, status, bucket_owner_access, reason,
         size, etag, event_id, first_seen, checked_at, arrived_after, arrived_before)
       VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
    );
    for (const r of rows) {
      const live = existing.get(gap.connectionId, gap.bucket, r.key) as Row | undefined;
      if (live && live.etag === r.etag) continue;
      if (live) remove.run(live.seq);
      insert.run(
        gap.connectionId,
        gap.bucket,
        r.key,
        r.owner_id,
        r.status,
        r.bucket_owner_access ?? "unknown",
        r.reason,
        r.size,
        r.etag,
        r.last_modified,
        now,
        window.since,
        window.until,
      );
      found++;
    }
    db.prepare(
      "UPDATE watch_gaps SET state = 'closed', found = ?, closed_at = ?, note = NULL WHERE id = ?",
    ).run(found, now, gap.id);
  })();
  return found;
}
