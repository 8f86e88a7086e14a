import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { findingDto } from "@/lib/api/findings";
import { ownerNames, requireScan } from "@/lib/api/scans";
import { readObjectDetail } from "@/lib/aws/object-detail";
import { ownerTargetOf, readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { listAudit } from "@/lib/db/audit-log";
import { getFinding } from "@/lib/db/findings";
import { AppError } from "@/lib/errors";

/**
 * The object drawer: the scan's finding for one key, what the bucket owner can read of it now (headers, metadata,
 * grants, tags, versions), and every fix action taken on it.
 */
export async function objectDetail(db: Db, scanId: number, key: string, versionId: string | undefined) {
  const scan = requireScan(db, scanId);
  const finding = getFinding(db, scanId, key, versionId ?? "");
  if (!finding) throw new AppError("not_found", `Scan ${scanId} has no key "${key}".`);
  const connection = requireConnection(db, scan.connectionId);
  const names = ownerNames(db, scan);
  const live = await readObjectDetail(
    readTargetOf(connection),
    ownerTargetOf(connection),
    scan.bucket,
    key,
    finding.versionId,
  );
  const history = listAudit(db, { connectionId: connection.id, bucket: scan.bucket, key, limit: 50 }).filter(
    (e) => (e.versionId ?? "") === (finding.versionId ?? ""),
  );
  return {
    finding: findingDto(scan, names)(finding),
    bucketOwnerId: scan.bucketOwnerId,
    accountNames: Object.fromEntries(names),
    live,
    history,
  };
}
