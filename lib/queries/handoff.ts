import "client-only";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { HandoffBundleDto, BatchJobStatusDto } from "@/lib/schemas/fix";

const finished = new Set(["Complete", "Failed", "Cancelled"]);

/** The hand-off bundle for one account (read once the form is filled in: `params` not null). */
export const useHandoffBundle = (scanId: number, params: Record<string, string> | null) =>
  useQuery({
    queryKey: keys.handoff(scanId, params),
    queryFn: () =>
      fetchJson<HandoffBundleDto>(`/api/scans/${scanId}/handoff?${new URLSearchParams(params ?? {})}`),
    enabled: params !== null,
  });

/** Submits the bundle's jobs as the account's fixer. */
export const useSubmitHandoff = (scanId: number, params: Record<string, string>) =>
  useMutation({
    mutationFn: () =>
      sendJson<{ submitted: { name: string; jobId: string }[] }>(`/api/scans/${scanId}/handoff`, params),
  });

/** One submitted job, polled until it ends, and applying its completion report to the scan. */
export function useBatchJob(scanId: number, jobId: string) {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: keys.handoffJob(scanId, jobId),
    queryFn: () => fetchJson<BatchJobStatusDto>(`/api/scans/${scanId}/handoff/jobs/${jobId}`),
    refetchInterval: (q) => (q.state.data && finished.has(q.state.data.status) ? false : 5_000),
  });
  const apply = useMutation({
    mutationFn: () => sendJson<BatchJobStatusDto>(`/api/scans/${scanId}/handoff/jobs/${jobId}/report`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.scan(scanId) }),
  });
  return { status, apply };
}
