import "server-only";
import type { Db } from "@/lib/db";
import { listAudit } from "@/lib/db/audit-log";
import { listAccounts } from "@/lib/db/connections";
import { auditCsvHeader, auditCsvLine } from "@/lib/export/audit-csv";
import { accountNameMap } from "@/lib/ownership/owners";

// The audit log for the browser (a page at a time, owners named) and as a CSV export.

type AuditFilter = { connectionId?: string; bucket?: string; jobId?: number; beforeId?: number };

/** Audit entries newest first, a page at a time, with the owners' account names where the connection names them. */
export function auditLog(db: Db, filter: AuditFilter & { limit: number }) {
  const names = accountNameMap(filter.connectionId ? listAccounts(db, filter.connectionId) : []);
  const entries = listAudit(db, filter).map((e) => ({
    ...e,
    ownerBeforeName: e.ownerBefore ? (names.get(e.ownerBefore) ?? null) : null,
    ownerAfterName: e.ownerAfter ? (names.get(e.ownerAfter) ?? null) : null,
  }));
  return { entries, nextBefore: entries.length === filter.limit ? entries.at(-1)!.id : null };
}

/** Every matching audit entry as CSV (or the newest `limit`), streamed page by page: a bulk job logs millions. */
export function exportAudit(db: Db, filter: AuditFilter, limit = Number.POSITIVE_INFINITY): ReadableStream {
  const encoder = new TextEncoder();
  let beforeId = filter.beforeId;
  let left = limit;
  let first = true;
  return new ReadableStream({
    pull(controller) {
      const page = listAudit(db, { ...filter, beforeId, limit: Math.min(2_000, left) });
      const text = (first ? auditCsvHeader : "") + page.map(auditCsvLine).join("");
      first = false;
      left -= page.length;
      if (text) controller.enqueue(encoder.encode(text));
      if (page.length < 2_000 || left <= 0) controller.close();
      else beforeId = page.at(-1)!.id;
    },
  });
}
