import "server-only";
import type { Db } from "@/lib/db";
import { batchCountsSchema, parseStored, type BatchReportCounts } from "@/lib/schemas/stored";

export type { BatchReportCounts };

export type BatchJobRecord = {
  scanId: number;
  jobId: string;
  name: string;
  owner: string;
  accountId: string;
  workBucket: string;
  reportPrefix: string;
  submittedAt: string;
  appliedAt: string | null;
  applied: BatchReportCounts | null;
};

type Row = Record<string, unknown>;

const toRecord = (r: Row): BatchJobRecord => ({
  scanId: r.scan_id as number,
  jobId: r.job_id as string,
  name: r.name as string,
  owner: r.owner as string,
  accountId: r.account_id as string,
  workBucket: r.work_bucket as string,
  reportPrefix: r.report_prefix as string,
  submittedAt: r.submitted_at as string,
  appliedAt: r.applied_at as string | null,
  applied: r.applied_json
    ? parseStored(batchCountsSchema, r.applied_json as string, "batch report counts")
    : null,
});

export function recordBatchJob(
  db: Db,
  job: Pick<
    BatchJobRecord,
    "scanId" | "jobId" | "name" | "owner" | "accountId" | "workBucket" | "reportPrefix"
  >,
): void {
  db.prepare(
    `INSERT OR IGNORE INTO batch_jobs (scan_id, job_id, name, owner, account_id, work_bucket, report_prefix)
     VALUES (@scanId, @jobId, @name, @owner, @accountId, @workBucket, @reportPrefix)`,
  ).run(job);
}

export function getBatchJob(db: Db, scanId: number, jobId: string): BatchJobRecord | null {
  const row = db.prepare("SELECT * FROM batch_jobs WHERE scan_id = ? AND job_id = ?").get(scanId, jobId) as
    Row | undefined;
  return row ? toRecord(row) : null;
}

/** Takes the job's report for applying: true for the one caller that may apply it, false if it was taken already. */
export function claimBatchReport(db: Db, scanId: number, jobId: string): boolean {
  return (
    db
      .prepare(
        `UPDATE batch_jobs SET applied_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE scan_id = ? AND job_id = ? AND applied_at IS NULL`,
      )
      .run(scanId, jobId).changes === 1
  );
}

/** The counts of an applied report; or, when applying failed (null), the report is free to apply again. */
export function settleBatchReport(
  db: Db,
  scanId: number,
  jobId: string,
  counts: BatchReportCounts | null,
): void {
  db.prepare(
    `UPDATE batch_jobs SET applied_json = @json, applied_at = CASE WHEN @json IS NULL THEN NULL ELSE applied_at END
     WHERE scan_id = @scanId AND job_id = @jobId`,
  ).run({ scanId, jobId, json: counts ? JSON.stringify(counts) : null });
}
