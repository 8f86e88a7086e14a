"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { ErrorLine } from "@/components/ui/field";
import { useStartFleetScan, useStopFleetScan } from "@/lib/queries/fleet";

/**
 * Starts a fleet scan, or a retry of only what failed last time, and refreshes the page every few seconds while a
 * run goes on (the page reads the rows the run writes). A run whose process stopped is gone on with, where it was.
 */
export function FleetRunControls({
  running,
  interrupted,
  failing,
}: {
  running: boolean;
  interrupted: boolean;
  failing: number;
}) {
  const router = useRouter();
  const start = useStartFleetScan();
  const stop = useStopFleetScan();
  // A stop asked of an earlier run says nothing of the next one.
  const resetStop = stop.reset;
  useEffect(() => {
    if (!running) resetStop();
  }, [running, resetStop]);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 3_000);
    return () => clearInterval(timer);
  }, [running, router]);
  const go = (retryFailed: boolean) => start.mutate(retryFailed, { onSuccess: () => router.refresh() });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="primary"
        size="control"
        disabled={running || start.isPending}
        onClick={() => go(false)}
      >
        {running ? "Scanning the fleet…" : interrupted ? "Go on with the interrupted scan" : "Scan the fleet"}
      </Button>
      {failing > 0 && !interrupted && (
        <Button size="control" disabled={running || start.isPending} onClick={() => go(true)}>
          Retry the failed ones ({failing})
        </Button>
      )}
      {running && (
        <Button
          size="control"
          disabled={stop.isPending}
          onClick={() => stop.mutate(undefined, { onSuccess: () => router.refresh() })}
        >
          {stop.isSuccess ? "Stopping…" : "Stop"}
        </Button>
      )}
      <ErrorLine error={start.error ?? stop.error} />
    </div>
  );
}
