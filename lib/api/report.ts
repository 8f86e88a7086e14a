import "server-only";
import { scanFindings } from "@/lib/api/findings";
import type { ObjectStatus } from "@/lib/audit/types";
import type { Db } from "@/lib/db";
import type { FindingDto, FindingsQuery } from "@/lib/schemas/scan";

/** The order a report lists findings in: what the bucket owner cannot touch first, what it owns last. */
export const reportStatusOrder: ObjectStatus[] = [
  "foreign-locked",
  "foreign-readable",
  "foreign-full-control",
  "unknown",
  "owned",
];

/**
 * The findings of a view as an audit reads them, up to `limit`: foreign keys first, by status (locked, readable,
 * full control), then unknown and owned, the largest first within each; with how many the view holds in all.
 */
export async function reportFindings(
  db: Db,
  scanId: number,
  view: FindingsQuery,
  limit: number,
): Promise<{ findings: FindingDto[]; total: number }> {
  const whole = await scanFindings(db, scanId, { ...view, cursor: undefined, limit: 1 });
  const findings: FindingDto[] = [];
  for (const status of reportStatusOrder) {
    if (findings.length >= limit) break;
    if (view.status && view.status.length > 0 && !view.status.includes(status)) continue;
    const page = await scanFindings(db, scanId, {
      ...view,
      status: [status],
      sort: "size",
      dir: "desc",
      cursor: undefined,
      limit: limit - findings.length,
    });
    findings.push(...page.findings);
  }
  return { findings, total: whole.total ?? findings.length };
}
