import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { FindingDto, ScanDto } from "@/lib/schemas/scan";
import { fetchJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";

export type FindingFilters = { status?: string; owner?: string; q?: string; foreign?: string };

export const scanListQuery = (connectionId: string, bucket: string) =>
  queryOptions({
    queryKey: keys.scanList(connectionId, bucket),
    queryFn: () =>
      fetchJson<{ scans: ScanDto[] }>(
        `/api/scans?${new URLSearchParams({ connectionId, bucket, limit: "20" })}`,
      ),
    select: (d) => d.scans,
  });

export const scanQuery = (scanId: number) =>
  queryOptions({
    queryKey: keys.scan(scanId),
    queryFn: () => fetchJson<ScanDto>(`/api/scans/${scanId}`),
    // Poll while the scan runs; stop by itself when it ends.
    refetchInterval: (q) => (q.state.data?.status === "running" ? 1_000 : false),
  });

export const findingsQuery = (scanId: number, filters: FindingFilters, running: boolean) =>
  infiniteQueryOptions({
    queryKey: keys.findings(scanId, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ limit: "200" });
      for (const [k, v] of Object.entries(filters)) if (v) search.set(k, v);
      if (pageParam) search.set("cursor", pageParam);
      return fetchJson<{ findings: FindingDto[]; nextCursor: string | null }>(
        `/api/scans/${scanId}/findings?${search}`,
      );
    },
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: running ? 2_000 : false,
  });

export const useScanList = (connectionId: string, bucket: string) =>
  useQuery(scanListQuery(connectionId, bucket));
export const useScan = (scanId: number | null) =>
  useQuery({ ...scanQuery(scanId ?? 0), enabled: scanId !== null });
export const useFindings = (scanId: number, filters: FindingFilters, running: boolean) =>
  useInfiniteQuery(findingsQuery(scanId, filters, running));

export function useStartScan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      connectionId: string;
      bucket: string;
      prefix: string;
      mode: "full" | "fast";
      versions: boolean;
    }) =>
      fetchJson<{ scanId: number }>("/api/scans", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.scans() }),
  });
}

export function useCancelScan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scanId: number) => fetchJson(`/api/scans/${scanId}/cancel`, { method: "POST" }),
    onSuccess: (_data, scanId) => queryClient.invalidateQueries({ queryKey: keys.scan(scanId) }),
  });
}
