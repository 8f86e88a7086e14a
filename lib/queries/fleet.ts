import "client-only";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { FleetViewInput } from "@/lib/fleet/view";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";

/** "Scan the fleet" (retryFailed false) and "Retry the failed ones" (true); the run goes on in the background. */
export function useStartFleetScan() {
  return useMutation({
    mutationFn: (retryFailed: boolean) =>
      sendJson<{ runId: number; resumed: boolean }>("/api/fleet/scans", { retryFailed }),
  });
}

/** "Stop": the running fleet scan ends cancelled at its next heartbeat (a few seconds). */
export function useStopFleetScan() {
  return useMutation({
    mutationFn: () => sendJson<{ runId: number }>("/api/fleet/scans", undefined, "DELETE"),
  });
}

/**
 * Every row of the fleet, loaded once after the first paint (filters then run in the browser), and again when the
 * run the page shows changes; not while a run goes on (the page is redrawn from the server every few seconds then).
 */
export function useFleetViewInput(run: { id: number; status: string } | null) {
  const running = run?.status === "running";
  return useQuery({
    queryKey: ["fleet", "view-input", run?.id ?? null, run?.status ?? null],
    queryFn: () => fetchJson<FleetViewInput>("/api/fleet/view"),
    enabled: !running,
    staleTime: Infinity,
  });
}
