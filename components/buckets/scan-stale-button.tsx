"use client";

import { Button } from "@/components/ui/button";
import { countOf } from "@/lib/format";
import { useScanBuckets } from "@/lib/queries/scans";
import type { BucketOverviewDto } from "@/lib/schemas/connection";

/** A bucket whose newest scan is older than this (or that was never scanned) is stale. */
const STALE_AFTER_DAYS = 7;

export function isStale(b: BucketOverviewDto, now: number): boolean {
  const at = b.lastScan?.finishedAt;
  return !at || now - Date.parse(at) > STALE_AFTER_DAYS * 86_400_000;
}

/** Starts a full scan of every stale bucket, and says which the server did not start, and why. */
export function ScanStaleButton({ connectionId, stale }: { connectionId: string; stale: string[] }) {
  const run = useScanBuckets(connectionId);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <Button
        data-testid="scan-stale"
        disabled={stale.length === 0 || run.isPending}
        title={`Buckets never scanned, or last scanned more than ${STALE_AFTER_DAYS} days ago`}
        onClick={() => run.mutate(stale)}
        variant="secondary"
      >
        {run.isPending
          ? "Starting scans…"
          : stale.length === 0
            ? "No stale bucket"
            : `Scan ${countOf(stale.length, "stale bucket")}`}
      </Button>
      {run.data && (
        <p data-testid="scan-stale-outcome" role="status" className="text-xs text-slate-600">
          Started {countOf(run.data.started.length, "scan")}.
          {run.data.notStarted.length > 0 &&
            ` Not started: ${run.data.notStarted.map((n) => `${n.bucket} (${n.reason})`).join("; ")}`}
        </p>
      )}
    </div>
  );
}
