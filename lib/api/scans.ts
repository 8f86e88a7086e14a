import "server-only";
import type { BucketPosture } from "@/lib/audit/posture";
import { foreignCount } from "@/lib/audit/report";
import { requireConnection } from "@/lib/api/browse";
import type { Db } from "@/lib/db";
import { listAccounts } from "@/lib/db/connections";
import {
  getScan,
  listFindings,
  listScans,
  summarizeByOwner,
  summarizeByPrefix,
  type FindingFilter,
  type ScanRecord,
} from "@/lib/db/scans";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { AppError } from "@/lib/errors";
import { writerGuidance } from "@/lib/fix/guidance";
import { cancelScan, prepareScan, runInBackground } from "@/lib/jobs/scans";
import type { FindingDto, FindingsQuery, ScanDto, StartScanInput } from "@/lib/schemas/scan";

/** A scan as the browser sees it: progress and posture, never the target's profile or role. */
export function toScanDto(s: ScanRecord): ScanDto {
  const seconds = s.activeMs / 1000;
  const keysPerSecond = seconds > 0 ? Math.round(s.classified / seconds) : null;
  const remaining = s.listed - s.classified;
  return {
    id: s.id,
    connectionId: s.connectionId,
    bucket: s.bucket,
    prefix: s.prefix,
    mode: s.mode,
    versions: s.versions,
    status: s.status,
    cancelRequested: s.cancelRequested,
    error: s.error,
    bucketOwnerId: s.bucketOwnerId,
    posture: s.postureJson ? (JSON.parse(s.postureJson) as BucketPosture) : null,
    listed: s.listed,
    listingDone: s.listingDone,
    classified: s.classified,
    bytes: s.listedBytes,
    byStatus: s.byStatus,
    foreign: foreignCount(s.byStatus),
    keysPerSecond,
    etaSeconds:
      s.status === "running" && s.listingDone && keysPerSecond ? Math.ceil(remaining / keysPerSecond) : null,
    requests: s.requests,
    throttled: s.throttled,
    createdAt: s.createdAt,
    finishedAt: s.finishedAt,
  };
}

function requireScan(db: Db, id: number): ScanRecord {
  const scan = getScan(db, id);
  // Scans started from the CLI carry no connection and stay out of the web views.
  if (!scan || scan.connectionId === null) throw new AppError("not_found", `No scan ${id}.`);
  return scan;
}

export function startScan(db: Db, input: StartScanInput): { scanId: number } {
  const connection = requireConnection(db, input.connectionId);
  const { scanId } = prepareScan(
    db,
    {
      connectionId: connection.id,
      target: {
        profile: connection.profile,
        roleArn: connection.roleArn,
        externalId: connection.externalId,
        sessionName: connection.sessionName,
        region: connection.region,
        endpointUrl: connection.endpointUrl,
        forcePathStyle: connection.forcePathStyle,
      },
      bucket: input.bucket,
      prefix: input.prefix,
      mode: input.mode,
      versions: input.versions,
      concurrency: input.concurrency,
    },
    false,
  );
  runInBackground(db, scanId);
  return { scanId };
}

export const scanById = (db: Db, id: number) => toScanDto(requireScan(db, id));

export function pastScans(db: Db, filter: { connectionId?: string; bucket?: string; limit: number }) {
  return listScans(db, filter)
    .filter((s) => s.connectionId !== null)
    .map(toScanDto);
}

export function stopScan(db: Db, id: number) {
  const scan = requireScan(db, id);
  if (scan.status !== "running") throw new AppError("conflict", `Scan ${id} is already ${scan.status}.`);
  cancelScan(db, id);
  return { cancelRequested: true };
}

export function scanFindings(
  db: Db,
  id: number,
  q: FindingsQuery,
): { findings: FindingDto[]; nextCursor: string | null } {
  const scan = requireScan(db, id);
  const names = new Map(listAccounts(db, scan.connectionId!).map((a) => [a.canonicalId, a.name]));
  const filter: FindingFilter = {
    status: q.status,
    ownerId: q.owner,
    prefix: q.prefix,
    text: q.q,
    foreignOnly: q.foreign,
  };
  const page = listFindings(
    db,
    id,
    filter,
    { after: decodeCursor(q.cursor), limit: q.limit },
    scan.bucketOwnerId,
  );
  return {
    findings: page.findings.map((f) => ({
      ...f,
      owner: { ...f.owner, name: f.owner.id ? (names.get(f.owner.id) ?? null) : null },
      foreign: f.owner.id !== null && f.owner.id !== scan.bucketOwnerId,
    })),
    nextCursor: page.last ? encodeCursor(page.last) : null,
  };
}

export function scanSummary(db: Db, id: number) {
  const scan = requireScan(db, id);
  const names = new Map(listAccounts(db, scan.connectionId!).map((a) => [a.canonicalId, a.name]));
  return {
    byOwner: summarizeByOwner(db, id).map((o) => ({
      ...o,
      name: o.ownerId ? (names.get(o.ownerId) ?? null) : null,
      isBucketOwner: o.ownerId === scan.bucketOwnerId,
    })),
    byPrefix: summarizeByPrefix(db, id, scan.bucketOwnerId),
  };
}

/** Writer guidance for every foreign account in a scan, with the writer principals its bucket policy names. */
export function scanGuidance(db: Db, id: number) {
  const scan = requireScan(db, id);
  const names = new Map(listAccounts(db, scan.connectionId!).map((a) => [a.canonicalId, a.name]));
  const posture = scan.postureJson ? (JSON.parse(scan.postureJson) as BucketPosture) : null;
  const principals =
    posture?.policy.readable === true
      ? [...new Set(posture.policy.writers.flatMap((w) => w.principals).filter((p) => p.startsWith("arn:")))]
      : [];
  return summarizeByOwner(db, id)
    .filter((o) => o.ownerId !== null && o.ownerId !== scan.bucketOwnerId)
    .map((o) =>
      writerGuidance({
        bucket: scan.bucket,
        account: { canonicalId: o.ownerId!, name: names.get(o.ownerId!) ?? o.ownerId! },
        principals,
      }),
    );
}
