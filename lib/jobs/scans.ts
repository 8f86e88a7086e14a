import "server-only";
import { createHash } from "node:crypto";
import type { ScanMode } from "@/lib/audit/types";
import type { AwsTarget } from "@/lib/aws/clients";
import type { Db } from "@/lib/db";
import { createScan, findUnfinishedScan, type ScanRecord } from "@/lib/db/scans";

export type ScanRequest = {
  connectionId: string | null;
  target: AwsTarget;
  bucket: string;
  prefix: string;
  mode: ScanMode;
  versions: boolean;
  concurrency: number;
};

/** Who scans and where, as a digest: a re-run of the same scan finds its own checkpoint by it. */
export function targetIdentity(target: AwsTarget): string {
  const refs = [target.profile, target.roleArn, target.externalId, target.region, target.endpointUrl];
  return createHash("sha256").update(JSON.stringify(refs)).digest("hex").slice(0, 32);
}

/** Is the process that last ran a job gone (so that another may take it over)? */
export function runnerGone(pid: number | null, heartbeatAt: number | null, staleAfterMs = 60_000): boolean {
  if (pid === null) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // The pid may have been reused by an unrelated process: trust the heartbeat too.
  return heartbeatAt === null || Date.now() - heartbeatAt > staleAfterMs;
}

export const runnerIsGone = (scan: ScanRecord) =>
  scan.status !== "running" || runnerGone(scan.runnerPid, scan.heartbeatAt);

/** Creates a scan, or finds the unfinished one with the same target and parameters to continue it. */
export function prepareScan(
  db: Db,
  request: ScanRequest,
  resume = true,
): { scanId: number; resumed: boolean } {
  const identity = targetIdentity(request.target);
  const fields = {
    identity,
    bucket: request.bucket,
    prefix: request.prefix,
    mode: request.mode,
    versions: request.versions,
  };
  if (resume) {
    const unfinished = findUnfinishedScan(db, fields);
    if (unfinished && runnerIsGone(unfinished)) return { scanId: unfinished.id, resumed: true };
  }
  const scanId = createScan(db, {
    ...fields,
    connectionId: request.connectionId,
    target: request.target,
    concurrency: request.concurrency,
  });
  return { scanId, resumed: false };
}
