import "server-only";
import type { Db } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import {
  createEvidenceJob,
  finishEvidenceJob,
  getEvidenceJob,
  recordEvidenceProgress,
  requestEvidenceCancel,
  runningEvidenceJobs,
  type EvidenceJob,
} from "@/lib/db/evidence-jobs";
import { AppError } from "@/lib/errors";
import { migrationContextOf } from "@/lib/jobs/acl-context";
import { gatherEvidence, type EvidenceRequest } from "@/lib/jobs/acl-migration";
import { runInThread } from "@/lib/jobs/background-scans";

// A runner that has not said it is alive for this long has died with its process (a crash, a restart).
const STALE_MS = 30_000;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts reading logs for a bucket's evidence in the background (a thread of its own): one reading at a time on this
 * server, since each may read gigabytes. Answers the job; its progress lives in the database.
 */
export function startEvidenceJob(
  db: Db,
  j: { connectionId: string; bucket: string; request: EvidenceRequest; actor: string },
): EvidenceJob {
  for (const running of runningEvidenceJobs(db)) {
    if (Date.now() - (running.heartbeatAt ?? 0) > STALE_MS)
      finishEvidenceJob(db, running.id, {
        state: "failed",
        partial: null,
        error: "the server stopped while it read",
      });
    else
      throw new AppError(
        "conflict",
        `Logs are being read already (job ${running.id}, for ${running.bucket}): wait for it, or cancel it.`,
      );
  }
  const id = createEvidenceJob(db, j);
  // An in-memory database (tests) cannot be opened from another thread: the job runs on this one.
  const done = db.memory ? runEvidenceJob(db, id) : runInThread(db, { kind: "evidence", jobId: id }).done;
  done.catch((error: unknown) =>
    finishEvidenceJob(db, id, {
      state: "failed",
      partial: null,
      error: `the reading stopped: ${describe(error)}`,
    }),
  );
  return getEvidenceJob(db, id)!;
}

/** Asks a reading to stop; it keeps what it has read, said to be partial. */
export function cancelEvidenceJob(db: Db, id: number): boolean {
  return requestEvidenceCancel(db, id);
}

/** Runs one evidence job (in its thread): reads within the bounds, reports progress, notices a cancel. */
export async function runEvidenceJob(db: Db, jobId: number, signal?: AbortSignal): Promise<void> {
  const job = getEvidenceJob(db, jobId);
  if (!job || job.state !== "running") return;
  const connection = getConnection(db, job.connectionId);
  if (!connection) {
    finishEvidenceJob(db, jobId, { state: "failed", partial: null, error: "the connection was removed" });
    return;
  }
  const controller = new AbortController();
  signal?.addEventListener("abort", () => controller.abort(), { once: true });
  try {
    const evidence = await gatherEvidence(
      migrationContextOf(db, connection, job.bucket, job.actor),
      job.request,
      {
        signal: controller.signal,
        onProgress: (p) => {
          const cancel = recordEvidenceProgress(db, jobId, {
            files: p.files,
            bytes: p.bytes,
            requesters: p.evidence.requesters.length,
          });
          if (cancel) controller.abort();
        },
      },
    );
    const partial = evidence.partial ?? null;
    finishEvidenceJob(db, jobId, {
      state: partial === "cancelled" ? "cancelled" : partial ? "partial" : "completed",
      partial,
      error: null,
    });
  } catch (error) {
    finishEvidenceJob(db, jobId, { state: "failed", partial: null, error: describe(error) });
  }
}
