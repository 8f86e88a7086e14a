import "server-only";
import type { Db } from "@/lib/db";

type Row = Record<string, unknown>;

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
           AND status IN ('foreign-full-control', 'foreign-readable', 'foreign-locked')
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
