"use client";

import { StatusLegend, statusColour, statusHint, statusLabels } from "@/components/scans/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { boxClass } from "@/components/ui/panel";
import { Popover } from "@/components/ui/popover";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Time } from "@/components/ui/time";
import { objectStatuses, type ObjectStatus } from "@/lib/audit/types";
import { countOf, formatDuration } from "@/lib/format";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useCancelScan } from "@/lib/queries/scans";
import type { ScanDto } from "@/lib/schemas/scan";

/** Where a scan stands: what it is, a progress bar while it runs, what fixes changed since, the posture's notes. */
export function ScanProgress({ scan }: { scan: ScanDto }) {
  const cancel = useCancelScan();
  const running = scan.status === "running";
  const { progress } = scan;

  return (
    <section aria-label="Scan progress" className={`${boxClass} space-y-2 px-3 py-2`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-semibold">Scan #{scan.id}</span>
        <Badge testId="scan-status" data-status={scan.status}>
          {scan.status}
        </Badge>
        <span className="text-slate-600">
          {scan.classified.toLocaleString()} of {scan.listed.toLocaleString()}
          {scan.listingDone ? "" : "+"} keys ·{" "}
          {scan.source === "inventory" ? (
            <span data-testid="scan-source">
              inventory report of <Time at={scan.reportDate} />
              {scan.requests > 0 && ` (${scan.requests.toLocaleString()} live checks)`}
            </span>
          ) : (
            scan.mode
          )}
          {scan.versions ? " · all versions" : ""}
          {progress.keysPerSecond !== null && ` · ${progress.keysPerSecond.toLocaleString()} keys/s`}
          {running && (
            <span data-testid="scan-elapsed"> · {formatDuration(progress.elapsedSeconds)} elapsed</span>
          )}
          {progress.etaSeconds !== null && ` · about ${formatDuration(progress.etaSeconds)} left`}
          {scan.throttled > 0 && ` · ${scan.throttled} throttled, backed off`}
          {" · "}
          {scan.finishedAt ? (
            <>
              finished <Time at={scan.finishedAt} relative />
            </>
          ) : (
            <>
              started <Time at={scan.createdAt} relative />
            </>
          )}
        </span>
        <span className="ml-auto flex items-center gap-3">
          {scan.posture && scan.posture.notes.length > 0 && (
            <Popover
              className="text-xs text-slate-600"
              summary={countOf(
                scan.posture.notes.length,
                "note on the bucket's settings",
                "notes on the bucket's settings",
              )}
            >
              <ul className="w-[min(28rem,calc(100vw-3.5rem))] list-disc space-y-1 pl-4">
                {scan.posture.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </Popover>
          )}
          <StatusLegend />
          {running && (
            <Button
              onClick={() => cancel.mutate(scan.id)}
              disabled={cancel.isPending || scan.cancelRequested}
              variant="secondary"
              size="sm"
            >
              {scan.cancelRequested ? "Cancelling…" : "Cancel"}
            </Button>
          )}
        </span>
      </div>
      {running && <ProgressBar percent={progress.percent} />}
      {running && !scan.listingDone && (
        <p data-testid="scan-estimate" className="text-xs text-slate-600">
          {progress.total?.basis === "earlier-scan" && progress.total.exceeded
            ? `Still listing: more keys than the ${progress.total.keys.toLocaleString()} scan #${progress.total.scanId} found, so the total is known when the listing ends.`
            : progress.total
              ? `Still listing: about ${progress.total.keys.toLocaleString()} keys expected${
                  progress.total.basis === "earlier-scan" ? `, as scan #${progress.total.scanId} found` : ""
                }. An estimate until the listing ends.`
              : "Still listing: S3 does not say how many keys a bucket holds, and no earlier scan of this scope " +
                "gives an estimate, so the total is known when the listing ends."}
          {(scan.listingPieces ?? 0) > 1 && ` Listing ${scan.listingPieces} pieces of the key space at once.`}
        </p>
      )}
      {scan.error && <p className="text-sm text-red-700">{scan.error}</p>}
      {scan.now.changed > 0 && (
        <p data-testid="changed-since" className="text-xs text-slate-600">
          Counts and rows are as this scan saw the bucket. Fixes since changed{" "}
          {scan.now.changed.toLocaleString()} {scan.now.changed === 1 ? "finding" : "findings"} (shown beside
          each row as “now”): {scan.now.foreign.toLocaleString()} foreign-owned{" "}
          {scan.now.foreign === 1 ? "object remains" : "objects remain"} of the{" "}
          {scan.foreign.toLocaleString()} seen.
        </p>
      )}
    </section>
  );
}

/**
 * The counts by status (as scanned, with "now" beside them after fixes); each one filters the findings. In a view
 * narrowed by folder, search or another filter, the counts are the view's.
 */
export function StatusChips({
  scan,
  viewCounts,
}: {
  scan: ScanDto;
  viewCounts?: Partial<Record<ObjectStatus, number>>;
}) {
  const { params, set } = useUrlState();
  const activeStatus = params.get("status");
  return (
    <div
      // A phone scrolls the chips sideways in one row; a desk wraps them.
      className="-mx-1 flex max-w-full gap-1.5 overflow-x-auto overflow-y-hidden px-1 whitespace-nowrap md:flex-wrap md:overflow-visible"
      role="group"
      aria-label={viewCounts ? "Filter by status (counts in this view)" : "Filter by status"}
      data-testid="status-chips"
      data-counts={viewCounts ? "view" : "scan"}
    >
      {objectStatuses.map((s) => (
        <Button
          key={s}
          aria-pressed={activeStatus === s}
          data-testid={`count-${s}`}
          title={statusHint(s)}
          onClick={() => set({ status: activeStatus === s ? null : s })}
          variant="choice"
          selected={activeStatus === s}
          size="sm"
        >
          <span aria-hidden className={`mr-1 inline-block size-2 rounded-full ${statusColour[s]}`} />
          {statusLabels[s]}:{" "}
          <span className="font-semibold tabular-nums">
            {(viewCounts ? (viewCounts[s] ?? 0) : scan.byStatus[s]).toLocaleString()}
          </span>
          {!viewCounts && scan.now.changed > 0 && scan.now.byStatus[s] !== scan.byStatus[s] && (
            <span data-testid={`now-${s}`} className="ml-1 tabular-nums opacity-80">
              → {scan.now.byStatus[s].toLocaleString()} now
            </span>
          )}
        </Button>
      ))}
    </div>
  );
}
