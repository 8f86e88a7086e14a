/** What the progress of a scan is computed from: its counters as stored. */
export type ScanCounters = {
  status: "running" | "completed" | "failed" | "cancelled";
  listed: number;
  listingDone: boolean;
  classified: number;
  /** Time spent running, summed over its runs (a resumed scan does not count the pause). */
  activeMs: number;
};

/** The total a scan's progress is a share of: known once listing ended, before that estimated, or unknown. */
export type ScanTotal =
  | { keys: number; basis: "listed" }
  /** `exceeded`: more keys are listed already than that scan found; how many more is not known. */
  | { keys: number; basis: "earlier-scan"; scanId: number; exceeded: boolean }
  | null;

export type ScanProgress = {
  /** 0–100; null while nothing tells how far the scan has to go (the bar then shows activity, not a share). */
  percent: number | null;
  total: ScanTotal;
  elapsedSeconds: number;
  keysPerSecond: number | null;
  /** Time left at the current rate; an estimate whenever the total is. */
  etaSeconds: number | null;
};

/**
 * How far a scan is. Until its listing ends nobody knows how many keys a bucket holds (S3 does not say), so the total
 * is the newest earlier scan's of the same scope, if there is one, and marked as an estimate; an estimate shows at
 * most 99%. Once more keys are listed than that scan found, the estimate is known to be wrong and no share is shown
 * (rather than one that goes back) until the listing ends.
 */
export function scanProgress(s: ScanCounters, earlier: { id: number; listed: number } | null): ScanProgress {
  const elapsedSeconds = Math.round(s.activeMs / 1000);
  const keysPerSecond = s.activeMs > 0 ? Math.round(s.classified / (s.activeMs / 1000)) : null;
  const total: ScanTotal = s.listingDone
    ? { keys: s.listed, basis: "listed" }
    : earlier && earlier.listed > 0
      ? {
          keys: earlier.listed,
          basis: "earlier-scan",
          scanId: earlier.id,
          exceeded: s.listed > earlier.listed,
        }
      : null;
  const running = s.status === "running";
  if (!total || (total.basis === "earlier-scan" && total.exceeded))
    return { percent: null, total, elapsedSeconds, keysPerSecond, etaSeconds: null };
  const share = total.keys > 0 ? (s.classified / total.keys) * 100 : 100;
  const cap = !running ? 100 : total.basis === "listed" ? 100 : 99;
  const percent = Math.min(cap, Math.floor(share));
  const etaSeconds =
    running && keysPerSecond ? Math.ceil(Math.max(0, total.keys - s.classified) / keysPerSecond) : null;
  return { percent, total, elapsedSeconds, keysPerSecond, etaSeconds };
}
