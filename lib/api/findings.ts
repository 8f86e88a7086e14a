import "server-only";
import { decodeCursor, decodePosition, encodeCursor, encodePosition } from "@/lib/api/cursor";
import { ownerNames, requireScan } from "@/lib/api/scans";
import type { ObjectStatus } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import { countMatchesOffThread, listFolders } from "@/lib/db/finding-counts";
import { listFindingsOffThread, type FindingFilter, type FindingPosition } from "@/lib/db/findings";
import { diffCounts, diffPage, type DiffKind } from "@/lib/db/scan-diff";
import { type ScanRecord } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { findingCsvColumns, findingCsvLine, type CsvScan } from "@/lib/export/findings-csv";
import type { FindingRecord } from "@/lib/schemas/scan";
import type { FindingDto, FindingsQuery, FindingsView } from "@/lib/schemas/scan";

const DAY_MS = 86_400_000;

/** The database filter for a view; "to" is a whole day, so it ends at the next midnight (UTC). */
export function viewFilter(v: Partial<FindingsView>): FindingFilter {
  return {
    status: v.status,
    ownerId: v.owner,
    prefix: v.prefix,
    text: v.q,
    foreignOnly: v.foreign,
    publicOnly: v.public,
    minSize: v.minSize,
    maxSize: v.maxSize,
    modifiedFrom: v.from ? `${v.from}T00:00:00.000Z` : undefined,
    modifiedBefore: v.to ? new Date(Date.parse(`${v.to}T00:00:00.000Z`) + DAY_MS).toISOString() : undefined,
  };
}

const narrowsBeyondStatus = (filter: FindingFilter) =>
  Object.entries(filter).some(
    ([field, v]) => field !== "status" && v !== undefined && v !== false && v !== "",
  );

/** Turns stored findings of a scan into what the browser gets (owner named, foreign flagged). */
export function findingDto(scan: ScanRecord, names: Map<string, string>) {
  const isForeign = (ownerId: string | null) => ownerId !== null && ownerId !== scan.bucketOwnerId;
  return (f: FindingRecord): FindingDto => ({
    ...f,
    owner: { ...f.owner, name: f.owner.id ? (names.get(f.owner.id) ?? null) : null },
    foreign: isForeign(f.owner.id),
    foreignNow: isForeign(f.now ? f.now.ownerId : f.owner.id),
  });
}

/** A page of a view's findings; the first page also says how many match in all, and how many a fix could act on. */
export async function scanFindings(
  db: Db,
  id: number,
  q: FindingsQuery,
  // A shared view shows rows only: the counts would be read for nothing.
  { counts = true }: { counts?: boolean } = {},
): Promise<{
  findings: FindingDto[];
  nextCursor: string | null;
  total?: number;
  fixable?: number;
  byStatus?: Partial<Record<ObjectStatus, number>>;
}> {
  const scan = requireScan(db, id);
  const filter = viewFilter(q);
  const page = await listFindingsOffThread(
    db,
    id,
    filter,
    { after: decodePosition(q.cursor), limit: q.limit, sort: { by: q.sort, dir: q.dir } },
    scan.bucketOwnerId,
  );
  return {
    findings: page.findings.map(findingDto(scan, ownerNames(db, scan))),
    nextCursor: page.last ? encodePosition(page.last) : null,
    // The count reads every matching finding (all of them, with a text filter): off the event loop.
    // With the count, what "Fix all matching" would plan: the matching keys still foreign-owned.
    // A view narrowed by more than its status also counts its own statuses (the scan's counts say the rest).
    ...(q.cursor || !counts
      ? {}
      : await countMatchesOffThread(db, id, filter, scan.bucketOwnerId, {
          byStatus: narrowsBeyondStatus(filter),
        })),
  };
}

/** The folders one level below the view's prefix, counting the keys that match the view. */
export async function scanFolders(db: Db, id: number, view: FindingsView) {
  const scan = requireScan(db, id);
  return { folders: await listFolders(db, id, viewFilter(view), scan.bucketOwnerId) };
}

/** What every exported row says of its scan: when it ended, or for one still running, when it started. */
export const exportSource = (scan: ScanRecord): CsvScan => ({
  bucket: scan.bucket,
  scanId: scan.id,
  scannedAt: scan.finishedAt ?? scan.createdAt,
  finished: scan.finishedAt !== null,
});

/** Every finding of a view, in its order, as CSV or JSON text streamed page by page. */
export function exportFindings(
  db: Db,
  id: number,
  view: FindingsView,
  format: "csv" | "json",
): ReadableStream {
  const scan = requireScan(db, id);
  const names = ownerNames(db, scan);
  const toDto = findingDto(scan, names);
  const filter = viewFilter(view);
  const sort = { by: view.sort, dir: view.dir };
  const source = exportSource(scan);
  let after: FindingPosition | null = null;
  let first = true;
  let done = false;
  const encoder = new TextEncoder();
  return new ReadableStream({
    // Each page is read in the database reader thread: a long export leaves the request thread to other requests.
    async pull(controller) {
      if (done) return controller.close();
      const page = await listFindingsOffThread(
        db,
        id,
        filter,
        { after, limit: 2000, sort },
        scan.bucketOwnerId,
      );
      const rows = page.findings.map(toDto);
      let text = "";
      if (format === "csv") {
        if (first) text += `${findingCsvColumns.join(",")}\r\n`;
        for (const f of rows) text += `${findingCsvLine(f, source)}\r\n`;
      } else {
        if (first) {
          const head = { ...source, exportedAt: new Date().toISOString() };
          text += `${JSON.stringify(head).slice(0, -1)},"findings":[`;
        }
        text += rows.map((f, i) => `${first && i === 0 ? "" : ","}\n${JSON.stringify(f)}`).join("");
        if (!page.last) text += "\n]}\n";
      }
      first = false;
      after = page.last;
      done = page.last === null;
      controller.enqueue(encoder.encode(text));
    },
  });
}

function diffSides(db: Db, fromId: number, toId: number) {
  const from = requireScan(db, fromId);
  const to = requireScan(db, toId);
  if (from.bucket !== to.bucket || from.connectionId !== to.connectionId) {
    throw new AppError("bad_request", "Only two scans of the same bucket can be compared.");
  }
  return { from, to };
}

/** The counts of a diff between an earlier and a later scan of one bucket. */
export function scanDiffSummary(db: Db, fromId: number, toId: number) {
  const { from, to } = diffSides(db, fromId, toId);
  return { from: fromId, to: toId, bucket: to.bucket, counts: diffCounts(db, from, to) };
}

/** One page of the keys a diff lists for one kind (new foreign keys, fixed ones, gone ones). */
export function scanDiffPage(
  db: Db,
  q: { from: number; to: number; kind: DiffKind; cursor?: string; limit: number },
) {
  const { from, to } = diffSides(db, q.from, q.to);
  const page = diffPage(db, from, to, q.kind, { after: decodeCursor(q.cursor), limit: q.limit });
  const side = q.kind === "gone" ? from : to;
  return {
    findings: page.findings.map(findingDto(side, ownerNames(db, side))),
    nextCursor: page.last ? encodeCursor(page.last) : null,
  };
}
