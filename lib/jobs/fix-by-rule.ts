import "server-only";
import { analyzePosture } from "@/lib/audit/posture";
import { s3For } from "@/lib/aws/clients";
import { readPostureFacts } from "@/lib/aws/scan-io";
import { fixTargetsOf, planContextFor } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { getConnection, listAccounts } from "@/lib/db/connections";
import { recordRuleDecisions, ruleCandidates, ruleFixesSince } from "@/lib/db/fix-by-rule";
import { listFixers, watchedBucket } from "@/lib/db/watch";
import { bucketIsFree } from "@/lib/jobs/fix-lock";
import { createPlannedJob, runFixInBackground } from "@/lib/jobs/fixes";
import { inspectKeys } from "@/lib/jobs/inspect";
import { ruleRefusal } from "@/lib/watch/arrival";

// At most this many fix-by-rule writes per bucket per minute, and for the whole server: a writer gone wrong at
// scale is fixed at a pace S3 and the fixer's account can take, and an operator has time to turn it off. Each write
// counts, a key rewritten five times included.
export const FIXES_PER_MINUTE = 60;
export const SERVER_FIXES_PER_MINUTE = 300;

/**
 * Fixes what arrived foreign from the accounts this bucket fixes by rule: one job at a time per bucket, with the
 * planned default fix, under the same guards and audit as any fix job (it plans from the objects as read now, and
 * the runner re-checks each right before writing). Only objects S3 shows were written while watched, when their
 * arrival was reported, are fixed (never on an event's word). Answers the job started, if any.
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
  const room = Math.min(
    FIXES_PER_MINUTE - ruleFixesSince(db, minuteAgo, { connectionId, bucket }),
    SERVER_FIXES_PER_MINUTE - ruleFixesSince(db, minuteAgo),
  );
  const candidates = ruleCandidates(db, connectionId, bucket, fixers, room);
  if (candidates.length === 0) return null;
  const read = targets.read;
  const posture = analyzePosture(await readPostureFacts(s3For(read), bucket));
  const { found } = await inspectKeys(
    read,
    bucket,
    watch.ownerId,
    candidates.map((c) => c.key),
  );
  const byKey = new Map(found.map((s) => [s.key, s]));
  const decisions = candidates.map((c) => {
    const s = byKey.get(c.key);
    // Only what is still foreign to an account this bucket fixes by rule (a key rewritten since is left to its check).
    if (!s || s.ownerId === null || !fixers.includes(s.ownerId))
      return { ...c, subject: null, note: "not fixed by rule: it changed before the fix" };
    const note = ruleRefusal(s.lastModified, c, watch.createdAt);
    return { ...c, subject: note ? null : s, note };
  });
  const subjects = decisions.flatMap((d) => d.subject ?? []);
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
  recordRuleDecisions(
    db,
    { connectionId, bucket },
    jobId,
    decisions.map((d) => ({ seq: d.seq, key: d.key, fixed: d.subject !== null, note: d.note })),
    now.toISOString(),
  );
  if (jobId !== null) runFixInBackground(db, jobId);
  return jobId;
}
