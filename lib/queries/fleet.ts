import "client-only";
import { useMutation } from "@tanstack/react-query";
import { sendJson } from "@/lib/queries/fetch-json";

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
