import "server-only";
import { s3For } from "@/lib/aws/clients";
import { readMetadataJournal } from "@/lib/aws/journal-files";
import { readAccessLogs, readCloudTrail } from "@/lib/aws/log-files";
import { saveEvidence } from "@/lib/db/acl-migrations";
import { saveWriters } from "@/lib/db/writers";
import { liveSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseS3Url } from "@/lib/inventory/manifest";
import type { MigrationContext } from "@/lib/jobs/acl-context";
import { EvidenceTally, type Evidence } from "@/lib/migrate/evidence";
import { ReadBudget, ReadStopped, type ReadLimits } from "@/lib/migrate/read-budget";
import { WritersTally } from "@/lib/writers/tally";

// Disabling ACLs, the long work of planning: the evidence from logs, read in a scan thread
// (lib/jobs/evidence-job.ts). The readiness report and the snapshot a request asks for are lib/api/migration-plan.ts.

export type EvidenceRequest = {
  accessLogs: string | null;
  cloudTrail: string | null;
  /** S3 Metadata journal Parquet files, read for writers only (they name accounts, never an ACL). */
  metadataJournal?: string | null;
  since: string | null;
};

export type GatherOptions = {
  limits?: ReadLimits;
  signal?: AbortSignal;
  /** Told how far the reading is, now and then (a job's progress). */
  onProgress?: (p: { files: number; bytes: number; evidence: Evidence }) => void;
};

/**
 * Reads the named logs through the connection and stores what they say of the bucket's requesters, within the
 * bounds of a reading: one that stops at a bound, is cancelled or meets an error keeps what it has read, stored and
 * said to be partial (an error is thrown again after that, for the job to show).
 */
export async function gatherEvidence(
  ctx: MigrationContext,
  request: EvidenceRequest,
  options: GatherOptions = {},
): Promise<Evidence> {
  const writers = new WritersTally();
  // The journal's rows go to the writers alone (they say nothing of ACLs): the span they cover is kept here.
  const journal: { from: string | null; to: string | null } = { from: null, to: null };
  const tally = new EvidenceTally({ bucket: ctx.bucket, since: request.since }, (r) => writers.add(r));
  const budget = new ReadBudget(options.limits ?? liveSettings().evidence, options.signal);
  const client = s3For(ctx.logs);
  const at = (url: string) => {
    const parsed = parseS3Url(url);
    if (!parsed) throw new AppError("bad_request", `not an s3:// location: ${url.slice(0, 200)}`);
    return { bucket: parsed.bucket, prefix: parsed.key };
  };
  const progress = () =>
    options.onProgress?.({ files: budget.files, bytes: budget.bytes, evidence: tally.result() });
  const timer = options.onProgress ? setInterval(progress, 500) : undefined;
  let stopped: string | null = null;
  let failure: unknown = null;
  try {
    if (request.accessLogs)
      await readAccessLogs(client, at(request.accessLogs), request.since, tally, budget);
    if (request.cloudTrail)
      await readCloudTrail(client, at(request.cloudTrail), request.since, tally, budget);
    if (request.metadataJournal)
      await readMetadataJournal(
        client,
        at(request.metadataJournal),
        { bucket: ctx.bucket, since: request.since },
        budget,
        () => tally.file(),
        (r) => {
          writers.add(r);
          journal.from = !journal.from || r.time < journal.from ? r.time : journal.from;
          journal.to = !journal.to || r.time > journal.to ? r.time : journal.to;
        },
      );
  } catch (error) {
    if (error instanceof ReadStopped) stopped = error.message;
    else {
      failure = error;
      stopped = `stopped by an error: ${error instanceof Error ? error.message : String(error)}`;
    }
  } finally {
    clearInterval(timer);
    progress();
  }
  const evidence = { ...tally.result(), partial: budget.partial(stopped) };
  if (evidence.sources.files > 0 || !failure) {
    saveEvidence(ctx.db, ctx.connectionId, ctx.bucket, request, evidence);
    const found = writers.result();
    const earliest = [evidence.from, journal.from].filter((t): t is string => !!t).sort()[0] ?? null;
    const latest =
      [evidence.to, journal.to]
        .filter((t): t is string => !!t)
        .sort()
        .at(-1) ?? null;
    saveWriters(ctx.db, ctx.connectionId, ctx.bucket, {
      from: earliest,
      to: latest,
      partial: evidence.partial ?? null,
      writers: found.writers,
      otherWrites: found.otherWrites,
    });
  }
  if (failure) throw failure;
  return evidence;
}
