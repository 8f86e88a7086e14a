import "server-only";
import { findingDto, viewFilter } from "@/lib/api/findings";
import { ownerNames, requireScan } from "@/lib/api/scans";
import type { ObjectStatus } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import { countFindingsOffThread } from "@/lib/db/finding-counts";
import { listFindingsOffThread } from "@/lib/db/findings";
import type { FindingDto, FindingsView } from "@/lib/schemas/scan";

/** The order a report lists findings in: what the bucket owner cannot touch first, what it owns last. */
const reportStatusOrder: ObjectStatus[] = [
  "foreign-locked",
  "foreign-readable",
  "foreign-full-control",
  "unknown",
  "owned",
];

/**
 * The findings of a view as an audit reads them, up to `limit`: foreign keys first, by status (locked, readable,
 * full control), then unknown and owned, the largest first within each; with how many the view holds in all (one
 * count: a page per status reads no more than it shows, but a count with a text filter reads the whole scan).
 */
export async function reportFindings(
  db: Db,
  scanId: number,
  view: FindingsView,
  limit: number,
): Promise<{ findings: FindingDto[]; total: number }> {
  const scan = requireScan(db, scanId);
  const toDto = findingDto(scan, ownerNames(db, scan));
  const filter = viewFilter(view);
  const findings: FindingDto[] = [];
  for (const status of reportStatusOrder) {
    if (findings.length >= limit) break;
    if (view.status && view.status.length > 0 && !view.status.includes(status)) continue;
    const page = await listFindingsOffThread(
      db,
      scanId,
      { ...filter, status: [status] },
      { after: null, limit: limit - findings.length, sort: { by: "size", dir: "desc" } },
      scan.bucketOwnerId,
    );
    findings.push(...page.findings.map(toDto));
  }
  return { findings, total: await countFindingsOffThread(db, scanId, filter, scan.bucketOwnerId) };
}
