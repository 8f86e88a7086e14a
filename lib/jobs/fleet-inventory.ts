import "server-only";
import type { AwsTarget } from "@/lib/aws/clients";
import { listInventoryConfigs, type InventoryConfigs } from "@/lib/aws/inventory-config";
import type { Db } from "@/lib/db";
import { getScan, markFleetScan, type ScanRecord } from "@/lib/db/scans";
import { reportSources, staleReport } from "@/lib/fleet/inventory";
import { prepareInventoryScan, runInventoryScan, type InventoryRequest } from "@/lib/jobs/inventory";
import type { AdaptiveLimiter } from "@/lib/jobs/limiter";

// A fleet bucket scanned from its newest S3 Inventory report instead of a listing, where one is configured and
// recent: a report holds every key with its owner (and ACL), so a bucket of millions costs a few downloads instead of
// thousands of list requests. Anything that keeps the report from standing for the bucket (no usable configuration,
// a stale or unreadable report) sends the bucket back to listing, with the reason kept for the operator.

export type ReportScanContext = {
  connectionId: string;
  target: AwsTarget;
  bucket: string;
  /** Who reads a report delivered to another account's bucket: that account's read target, if it is in the fleet. */
  targetOfAccount: (accountId: string) => AwsTarget | null;
  concurrency: number;
  /** The fleet run the scan belongs to (it goes on with it after a restart). */
  fleetRunId: number;
  limiter: AdaptiveLimiter;
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  signal: AbortSignal;
  now: Date;
  /** The bucket's inventory configurations (S3's own by default; tests of a gateway without Inventory pass theirs). */
  listConfigs?: (target: AwsTarget, bucket: string) => Promise<InventoryConfigs>;
};

/** The finished scan made from a report, or why the bucket is to be listed (null: nothing worth saying). */
export type ReportScan = { scan: ScanRecord } | { scan: null; note: string | null };

const short = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 300);

export async function scanFromReport(db: Db, c: ReportScanContext): Promise<ReportScan> {
  let found: InventoryConfigs;
  try {
    found = await c.call(() => (c.listConfigs ?? listInventoryConfigs)(c.target, c.bucket));
  } catch (error) {
    return { scan: null, note: `listed: its inventory configurations could not be read (${short(error)})` };
  }
  if (!found.supported) return { scan: null, note: null };
  const { sources, unusable } = reportSources(c.bucket, found.configs);
  const reasons = [...unusable];
  for (const source of sources) {
    const elsewhere = source.destinationAccountId;
    const reportTarget = elsewhere ? (c.targetOfAccount(elsewhere) ?? c.target) : c.target;
    const request: InventoryRequest = {
      connectionId: c.connectionId,
      target: c.target,
      reportTarget,
      location: { bucket: source.root.bucket, key: source.root.prefix },
      within: source.root,
      expectedBucket: c.bucket,
      concurrency: c.concurrency,
      refuseDated: (date) => staleReport(source, date, c.now),
    };
    const label = `inventory ${JSON.stringify(source.configId.slice(0, 64))}`;
    try {
      const prepared = await c.call(() => prepareInventoryScan(db, request));
      markFleetScan(db, prepared.scanId, c.fleetRunId);
      await runInventoryScan(db, request, prepared, { signal: c.signal, limiter: c.limiter });
      const scan = getScan(db, prepared.scanId)!;
      if (scan.status === "completed" || c.signal.aborted) return { scan };
      reasons.push(`${label}: its report could not be read (${scan.error ?? scan.status})`);
    } catch (error) {
      reasons.push(`${label}: ${short(error)}`);
    }
    if (c.signal.aborted) return { scan: null, note: null };
  }
  return { scan: null, note: reasons.length ? `listed: ${reasons.join("; ")}` : null };
}
