import "client-only";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { startScanSchema } from "@/lib/schemas/scan";
import type { ScanDto } from "@/lib/schemas/scan";
import type { z } from "zod";

const scanListQuery = (connectionId: string, bucket: string) =>
  queryOptions({
    queryKey: keys.scanList(connectionId, bucket),
    queryFn: () =>
      fetchJson<{ scans: ScanDto[] }>(
        `/api/scans?${new URLSearchParams({ connectionId, bucket, limit: "20" })}`,
      ),
    select: (d) => d.scans,
    // The picker names each scan's status: follow a running one until it ends.
    refetchInterval: (q) => (q.state.data?.scans.some((s) => s.status === "running") ? 2_000 : false),
  });

const scanQuery = (scanId: number) =>
  queryOptions({
    queryKey: keys.scan(scanId),
    queryFn: () => fetchJson<ScanDto>(`/api/scans/${scanId}`),
    // Poll while the scan runs; stop by itself when it ends.
    refetchInterval: (q) => (q.state.data?.status === "running" ? 1_000 : false),
  });

export const useScanList = (connectionId: string, bucket: string) =>
  useQuery(scanListQuery(connectionId, bucket));
export const useScan = (scanId: number | null) =>
  useQuery({ ...scanQuery(scanId ?? 0), enabled: scanId !== null });

export function useStartScan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof startScanSchema>) => sendJson<{ scanId: number }>("/api/scans", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.scans() }),
  });
}

/**
 * Starts a full scan of each bucket, one request after the other. The server runs a bounded number of scans at once
 * and refuses more: what it refused comes back with its reason, to start again once scans end.
 */
export function useScanBuckets(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (buckets: string[]) => {
      const outcome = { started: [] as string[], notStarted: [] as { bucket: string; reason: string }[] };
      for (const bucket of buckets) {
        try {
          await sendJson("/api/scans", { connectionId, bucket, prefix: "", mode: "full", versions: false });
          outcome.started.push(bucket);
        } catch (error) {
          outcome.notStarted.push({ bucket, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      return outcome;
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: keys.scans() });
      void queryClient.invalidateQueries({ queryKey: keys.overview(connectionId) });
    },
  });
}

export function useCancelScan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scanId: number) => sendJson(`/api/scans/${scanId}/cancel`),
    onSuccess: (_data, scanId) => queryClient.invalidateQueries({ queryKey: keys.scan(scanId) }),
  });
}
