import "server-only";
import type { Db } from "@/lib/db";
import { readOffThread } from "@/lib/db/read-worker";
import { countNewForeignOffThread } from "@/lib/db/scan-diff";
import { earlierScanOfScope, getScan, type CompletedScan } from "@/lib/db/scans";

/** What the overview says of a completed scan beyond its counters, each a pass over its findings to learn. */
export type ScanFacts = {
  /** Bytes of the keys another account owns, as the scan saw them. */
  foreignBytes: number;
  /** Foreign keys this scan found that the scan before it of the same scope did not; null with no scan before. */
  newSincePrevious: { count: number; previousScanId: number } | null;
};

type FactsRow = { foreign_bytes: number; previous_scan_id: number | null; new_foreign: number | null };

/**
 * The facts of a completed scan, learnt once (in the database reader thread) and kept: a scan never changes after it
 * ends, so the overview reads a row instead of a million findings each time it loads.
 */
export async function scanFacts(db: Db, scan: CompletedScan): Promise<ScanFacts> {
  const kept = db
    .prepare("SELECT foreign_bytes, previous_scan_id, new_foreign FROM scan_facts WHERE scan_id = ?")
    .get(scan.id) as FactsRow | undefined;
  // The scan before can change after all: an interrupted earlier scan may complete later. Looked up each time (one
  // indexed row); what was learnt against another is learnt again.
  const earlier = earlierScanOfScope(db, scan);
  if (kept && kept.previous_scan_id === (earlier?.id ?? null)) return factsOf(kept);
  const previous = earlier && getScan(db, earlier.id);
  const bytes = kept
    ? { n: kept.foreign_bytes }
    : (
        await readOffThread<{ n: number }>(
          db,
          `SELECT coalesce(sum(size), 0) AS n FROM findings
           WHERE scan_id = @id AND status IN ('foreign-full-control', 'foreign-readable', 'foreign-locked')`,
          { id: scan.id },
        )
      )[0];
  const row: FactsRow = {
    foreign_bytes: bytes?.n ?? 0,
    previous_scan_id: previous ? previous.id : null,
    new_foreign: previous ? await countNewForeignOffThread(db, previous, scan) : null,
  };
  db.prepare(
    `INSERT OR REPLACE INTO scan_facts (scan_id, foreign_bytes, previous_scan_id, new_foreign)
     VALUES (?, ?, ?, ?)`,
  ).run(scan.id, row.foreign_bytes, row.previous_scan_id, row.new_foreign);
  return factsOf(row);
}

const factsOf = (r: FactsRow): ScanFacts => ({
  foreignBytes: r.foreign_bytes,
  newSincePrevious:
    r.previous_scan_id === null ? null : { count: r.new_foreign ?? 0, previousScanId: r.previous_scan_id },
});
