import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyzePosture } from "@/lib/audit/posture";
import type { Classification } from "@/lib/audit/types";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import {
  csvInventoryRows,
  downloadVerified,
  parquetInventoryRows,
  readInventoryManifest,
} from "@/lib/aws/inventory-io";
import { readPostureFacts, type ListedEntry } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import { writeListedPage } from "@/lib/db/scan-writes";
import {
  claimScan,
  createScan,
  finishScan,
  getScan,
  isCancelRequested,
  markInventoryScan,
  markListingDone,
  savePosture,
} from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { rootUrl, type ReportRoot } from "@/lib/inventory/locations";
import { csvColumns, ownershipFields, reportDate, type InventoryManifest } from "@/lib/inventory/manifest";
import { inventoryEntry, type InventoryRow } from "@/lib/inventory/rows";
import { runScan, type RunOptions } from "@/lib/jobs/scan-runner";
import { targetIdentity } from "@/lib/jobs/scans";

export type InventoryRequest = {
  connectionId: string | null;
  target: AwsTarget;
  /** Where the report is: its manifest.json, or a prefix holding reports (the newest is read). */
  location: { bucket: string; key: string };
  concurrency: number;
  /** The bucket the report must be of: anything else is refused before the bucket is read or a scan made. */
  expectedBucket?: string;
  /** The folder the report must lie in, manifest and data files: a manifest cannot send the reader elsewhere. */
  within?: ReportRoot;
  /** Who reads the report, when not the bucket's own target (reports delivered to another account's bucket). */
  reportTarget?: AwsTarget;
  /** Refuses a report by its date (too old to stand for the bucket) before any scan is made: why, or null. */
  refuseDated?: (reportDate: string) => string | null;
};

export type PreparedInventory = {
  scanId: number;
  manifestKey: string;
  manifest: InventoryManifest;
  /** Which ownership fields the report lacks; the keys they leave open get a live check. */
  missing: string[];
};

const BATCH = 2_000;

/**
 * Reads the report's manifest and the source bucket's posture, and creates the scan the report's rows will fill
 * (marked with the report's date).
 */
export async function prepareInventoryScan(db: Db, request: InventoryRequest): Promise<PreparedInventory> {
  const s3 = s3For(request.target);
  const { manifestKey, manifest } = await readInventoryManifest(
    s3For(request.reportTarget ?? request.target),
    request.location.bucket,
    request.location.key,
  );
  const outside = [manifestKey, ...manifest.files.map((f) => f.key)].find(
    (key) => request.within && !key.startsWith(request.within.prefix),
  );
  if (outside !== undefined)
    throw new AppError(
      "forbidden",
      `s3://${request.location.bucket}/${outside} is outside ${rootUrl(request.within!)}, where this report may be read from.`,
    );
  if (request.expectedBucket !== undefined && manifest.sourceBucket !== request.expectedBucket)
    throw new AppError(
      "bad_request",
      `That report is of bucket ${manifest.sourceBucket}, not ${request.expectedBucket}.`,
    );
  const refused = request.refuseDated?.(reportDate(manifest));
  if (refused) throw new AppError("conflict", refused);
  const fields = ownershipFields(manifest);
  // The posture (and the bucket owner's ID every row is compared with) is read live: it is one bucket, not a key.
  const posture = analyzePosture(await readPostureFacts(s3, manifest.sourceBucket));
  const scanId = createScan(db, {
    connectionId: request.connectionId,
    target: request.target,
    identity: targetIdentity(request.target),
    bucket: manifest.sourceBucket,
    prefix: "",
    // Rows the report cannot classify are checked live afterwards; owned ones never need a request.
    mode: "fast",
    versions: fields.versions,
    concurrency: request.concurrency,
  });
  savePosture(db, scanId, posture);
  markInventoryScan(db, scanId, reportDate(manifest));
  const missing = [!fields.owner && "ObjectOwner", !fields.acl && "ObjectAccessControlList"].filter(
    (f): f is string => typeof f === "string",
  );
  return { scanId, manifestKey, manifest, missing };
}

/**
 * Every row of the report's data files, one file at a time: each is downloaded to a temporary folder and checked
 * against its manifest MD5 before any of its rows is read, then removed.
 */
async function* rowsOf(request: InventoryRequest, manifest: InventoryManifest): AsyncGenerator<InventoryRow> {
  const s3 = s3For(request.reportTarget ?? request.target, { maxSockets: 8 });
  // The data files sit beside the manifest, in the destination bucket (which the manifest names by ARN).
  const bucket = request.location.bucket;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-inventory-"));
  try {
    for (const file of manifest.files) {
      const local = await downloadVerified(s3, bucket, file, dir);
      try {
        if (manifest.fileFormat === "CSV") yield* csvInventoryRows(local, file.key, csvColumns(manifest));
        else yield* parquetInventoryRows(local, file.key);
      } finally {
        fs.rmSync(local, { force: true });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Streams every data file of the report into the scan in batches (memory holds one batch, whatever the report's
 * size), then checks live the keys the report could not classify, and finishes the scan.
 */
export async function runInventoryScan(
  db: Db,
  request: InventoryRequest,
  prepared: PreparedInventory,
  { signal, limiter }: Pick<RunOptions, "signal" | "limiter"> = {},
): Promise<void> {
  const { scanId, manifest } = prepared;
  claimScan(db, scanId, process.pid);
  const bucketOwnerId = getScan(db, scanId)!.bucketOwnerId!;
  const csv = manifest.fileFormat === "CSV";
  let entries: ListedEntry[] = [];
  let classified: (Classification | null)[] = [];
  const flush = () => {
    if (entries.length === 0) return;
    writeListedPage(db, scanId, { entries, classifiedNow: classified, after: null, done: false });
    entries = [];
    classified = [];
  };
  try {
    for await (const row of rowsOf(request, manifest)) {
      if (row.bucket !== undefined && row.bucket !== manifest.sourceBucket) continue;
      const e = inventoryEntry(row, bucketOwnerId, csv);
      entries.push({ ...e, ownerDisplayName: null });
      classified.push(e.classification);
      if (entries.length >= BATCH) {
        flush();
        if (signal?.aborted || isCancelRequested(db, scanId)) {
          finishScan(db, scanId, "cancelled", "cancelled");
          return;
        }
      }
    }
    flush();
    markListingDone(db, scanId);
  } catch (error) {
    finishScan(db, scanId, "failed", error instanceof Error ? error.message : "the report could not be read");
    return;
  }
  // What is left pending (no owner, or a foreign key without its ACL) gets the live check; then the scan ends.
  await runScan(db, scanId, { signal, limiter });
}
