import "server-only";
import type { Db } from "@/lib/db";
import { FOREIGN } from "@/lib/watch/live";

type Row = Record<string, unknown>;

// Our own constants, never a user's words: safe to spell into the SQL.
const foreignSql = FOREIGN.map((s) => `'${s}'`).join(", ");

export type RuleCandidate = {
  seq: number;
  key: string;
  arrivedAfter: string | null;
  arrivedBefore: string | null;
};

/** Fix-by-rule writes counted since `since`: of one bucket, or of the whole server. */
export function ruleFixesSince(
  db: Db,
  since: string,
  where?: { connectionId: string; bucket: string },
): number {
  const row = where
    ? db
        .prepare("SELECT count(*) AS n FROM rule_fixes WHERE at >= ? AND connection_id = ? AND bucket = ?")
        .get(since, where.connectionId, where.bucket)
    : db.prepare("SELECT count(*) AS n FROM rule_fixes WHERE at >= ?").get(since);
  return Number((row as Row).n);
}

/** The arrivals of a bucket a fix by rule has not looked at yet, from the accounts it fixes, oldest first. */
export function ruleCandidates(
  db: Db,
  connectionId: string,
  bucket: string,
  accounts: readonly string[],
  limit: number,
): RuleCandidate[] {
  if (accounts.length === 0 || limit <= 0) return [];
  return (
    db
      .prepare(
        `SELECT seq, key, arrived_after, arrived_before FROM live_findings WHERE connection_id = ? AND bucket = ?
           AND fix_job_id IS NULL AND fixed_by_rule_at IS NULL
           AND status IN (${foreignSql})
           AND owner_id IN (${accounts.map(() => "?").join(", ")}) ORDER BY seq LIMIT ?`,
      )
      .all(connectionId, bucket, ...accounts, limit) as Row[]
  ).map((r) => ({
    seq: r.seq as number,
    key: r.key as string,
    arrivedAfter: (r.arrived_after as string | null) ?? null,
    arrivedBefore: (r.arrived_before as string | null) ?? null,
  }));
}

/**
 * Settles what a fix by rule decided, in one transaction: the arrivals it fixes point at the job and each counts as
 * one write; the ones it leaves keep the reason. Counts older than a day are dropped on the way.
 */
export function recordRuleDecisions(
  db: Db,
  where: { connectionId: string; bucket: string },
  jobId: number | null,
  decisions: { seq: number; key: string; fixed: boolean; note: string | null }[],
  now: string,
): void {
  const mark = db.prepare(
    "UPDATE live_findings SET fix_job_id = ?, fixed_by_rule_at = ?, rule_note = ? WHERE seq = ?",
  );
  const count = db.prepare(
    "INSERT INTO rule_fixes (connection_id, bucket, key, job_id, at) VALUES (?, ?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (const d of decisions) {
      mark.run(d.fixed ? jobId : null, now, d.note, d.seq);
      if (d.fixed) count.run(where.connectionId, where.bucket, d.key, jobId, now);
    }
    db.prepare("DELETE FROM rule_fixes WHERE at < ?").run(
      new Date(Date.parse(now) - 86_400_000).toISOString(),
    );
  })();
}

/**
 * Live findings a fix job has fixed (one by rule, or one whose writes the watch checker recognised as its own) take
 * the state the job read back (the bucket owner's now, or foreign
 * with full control where the fix could only grant): the record keeps who the object arrived from. Run every
 * second: it reads only the arrivals a fix is working on (a partial index), and writes only a state that changes.
 */
export function settleFixedArrivals(db: Db): void {
  const after = `CASE
      WHEN i.owner_after = w.owner_id THEN 'owned'
      WHEN i.access_after = 'full-control' THEN 'foreign-full-control'
      WHEN i.access_after = 'read' THEN 'foreign-readable'
      ELSE live_findings.status END`;
  db.prepare(
    `UPDATE live_findings SET status = ${after},
       bucket_owner_access = coalesce(i.access_after, live_findings.bucket_owner_access),
       checked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     FROM fix_items i, watched_buckets w
     WHERE live_findings.fix_job_id IS NOT NULL
       AND live_findings.status IN (${foreignSql})
       AND i.job_id = live_findings.fix_job_id AND i.key = live_findings.key AND i.state = 'fixed'
       AND w.connection_id = live_findings.connection_id AND w.bucket = live_findings.bucket
       AND ${after} <> live_findings.status`,
  ).run();
}
