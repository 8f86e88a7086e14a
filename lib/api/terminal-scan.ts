import "server-only";
import type { Db } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { countByOwner } from "@/lib/db/scan-summaries";
import { finishScan, getScan, type ScanRecord } from "@/lib/db/scans";
import {
  prepareInventoryScan,
  runInventoryScan,
  type InventoryRequest,
  type PreparedInventory,
} from "@/lib/jobs/inventory";
import { runScan, type RunOptions } from "@/lib/jobs/scan-runner";
import { prepareScan, type ScanRequest } from "@/lib/jobs/scans";

// Scanning from a terminal (`ownerscope scan`, and the scans `fix` and `migrate` run first): in this process, with
// its progress told as it goes. The server's scans run in a thread of their own (lib/api/scans.ts).

/**
 * Runs a scan here: an unfinished one of the same bucket, prefix, mode and identity goes on from its checkpoint
 * (unless `resume` is false), which `onStart` is told before the first page.
 */
export async function scanHere(
  db: Db,
  request: ScanRequest,
  o: RunOptions & { resume?: boolean; onStart?: (scanId: number, resumed: boolean) => void },
): Promise<ScanRecord> {
  const { scanId, resumed } = prepareScan(db, request, o.resume ?? true);
  o.onStart?.(scanId, resumed);
  return runScan(db, scanId, o);
}

/**
 * Reads an S3 Inventory report here instead of listing the bucket. A report of another bucket is refused before
 * anything is read from it (its scan ends "failed"); `onReading` is told what the report is before its rows.
 */
export async function inventoryScanHere(
  db: Db,
  request: InventoryRequest,
  bucket: string,
  onReading: (prepared: PreparedInventory) => void,
): Promise<{ scan: ScanRecord } | { otherBucket: string }> {
  const prepared = await prepareInventoryScan(db, request);
  if (prepared.manifest.sourceBucket !== bucket) {
    finishScan(db, prepared.scanId, "failed", "the report is of another bucket");
    return { otherBucket: prepared.manifest.sourceBucket };
  }
  onReading(prepared);
  await runInventoryScan(db, request, prepared);
  return { scan: getScan(db, prepared.scanId)! };
}

/** A scan's findings in key order, read a page at a time. */
export const findingsOf = (db: Db, scanId: number) => iterateFindings(db, scanId);

/** How many keys each owner has in a scan. */
export const ownerCountsOf = (db: Db, scanId: number) => countByOwner(db, scanId);
