import "server-only";
import { analyzePosture } from "@/lib/audit/posture";
import { s3For } from "@/lib/aws/clients";
import { readPostureFacts } from "@/lib/aws/scan-io";
import { fixTargetsOf, planContextFor } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { getConnection, listAccounts } from "@/lib/db/connections";
import { listFixers, watchedBucket } from "@/lib/db/watch";
import { bucketIsFree } from "@/lib/jobs/fix-lock";
import { createPlannedJob, runFixInBackground } from "@/lib/jobs/fixes";
import { inspectKeys } from "@/lib/jobs/inspect";

type Row = Record<string, unknown>;

// At most this many arriving objects are fixed per bucket per minute: a writer gone wrong at scale is fixed at a
// pace S3 and the fixer's account can take, and an operator has time to turn it off.
export const FIXES_PER_MINUTE = 60;

/**
 * Fixes what arrived foreign from the accounts this bucket fixes by rule: one job at a time per bucket, with the
 * planned default fix, under the same guards and audit as any fix job (it plans from the objects as read now, and
 * the runner re-checks each right before writing). Answers the job started, if any.
 */
export async function fixArrivals(
  db: Db,
  connectionId: string,
  bucket: string,
  now: Date,
): Promise<number | null> {
  const watch = watchedBucket(db, connectionId, bucket);
  const fixers = listFixers(db, connectionId, bucket);
  const connection = getConnection(db, connectionId);
  if (!watch?.fixByRule || fixers.length === 0 || !connection) return null;
  const accounts = listAccounts(db, connectionId).filter((a) => fixers.includes(a.canonicalId));
  const targets = fixTargetsOf(connection, accounts, watch.ownerId);
  if (!bucketIsFree(db, { bucket, targets })) return null;
  const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
  const used = Number(
    (
      db
        .prepare(
          "SELECT count(*) AS n FROM live_findings WHERE connection_id = ? AND bucket = ? AND fixed_by_rule_at >= ?",
        )
        .get(connectionId, bucket, minuteAgo) as Row
    ).n,
  );
  const room = FIXES_PER_MINUTE - used;
  if (room <= 0) return null;
  const rows = db
    .prepare(
      `SELECT seq, key FROM live_findings WHERE connection_id = ? AND bucket = ? AND fix_job_id IS NULL
         AND fixed_by_rule_at IS NULL AND status IN ('foreign-full-control', 'foreign-readable', 'foreign-locked')
         AND owner_id IN (${fixers.map(() => "?").join(", ")}) ORDER BY seq LIMIT ?`,
    )
    .all(connectionId, bucket, ...fixers, room) as Row[];
  if (rows.length === 0) return null;
  const read = targets.read;
  const posture = analyzePosture(await readPostureFacts(s3For(read), bucket));
  const { found } = await inspectKeys(
    read,
    bucket,
    watch.ownerId,
    rows.map((r) => r.key as string),
  );
  // Only what is still foreign to an account this bucket fixes by rule (a key rewritten since is left to its check).
  const subjects = found.filter((s) => s.ownerId !== null && fixers.includes(s.ownerId));
  const names = new Map(accounts.map((a) => [a.canonicalId, a.name]));
  const jobId =
    subjects.length === 0
      ? null
      : createPlannedJob(db, {
          connectionId,
          scanId: null,
          bucket,
          targets,
          concurrency: 4,
          actor: "fix-by-rule",
          subjects,
          requested: null,
          context: planContextFor(targets, {
            accountName: (id) => names.get(id) ?? id,
            versioning: posture.versioning,
          }),
        });
  const mark = db.prepare("UPDATE live_findings SET fix_job_id = ?, fixed_by_rule_at = ? WHERE seq = ?");
  db.transaction(() => rows.forEach((r) => mark.run(jobId, now.toISOString(), r.seq)))();
  if (jobId !== null) runFixInBackground(db, jobId);
  return jobId;
}

/**
 * Live findings a fix-by-rule job has fixed take the state the job read back (the bucket owner's now, or foreign
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
       AND live_findings.status IN ('foreign-full-control', 'foreign-readable', 'foreign-locked')
       AND i.job_id = live_findings.fix_job_id AND i.key = live_findings.key AND i.state = 'fixed'
       AND w.connection_id = live_findings.connection_id AND w.bucket = live_findings.bucket
       AND ${after} <> live_findings.status`,
  ).run();
}
