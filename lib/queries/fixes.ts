import "client-only";
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { WriterGuidance } from "@/lib/fix/guidance";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { PlanDto } from "@/lib/schemas/fix";
import type {
  AuditEntryDto,
  EnforceInput,
  EnforcePlanDto,
  EnforceResultDto,
  FixItemDto,
  FixJobDto,
  FixSelectionInput,
} from "@/lib/schemas/fix";

const fixPlanQuery = (selection: FixSelectionInput) =>
  queryOptions({
    queryKey: keys.fixPlan(selection),
    // A dry run sends no request to S3, so it is safe to ask for again.
    queryFn: () => sendJson<PlanDto>("/api/fixes/plan", selection),
    staleTime: 0,
  });

const fixJobQuery = (jobId: number) =>
  queryOptions({
    queryKey: keys.fixJob(jobId),
    queryFn: () => fetchJson<FixJobDto>(`/api/fixes/${jobId}`),
    refetchInterval: (q) => (q.state.data?.status === "running" ? 1_000 : false),
  });

export const useFixPlan = (selection: FixSelectionInput | null) =>
  useQuery({ ...fixPlanQuery(selection ?? ({} as FixSelectionInput)), enabled: selection !== null });

export const useFixJob = (jobId: number) => useQuery(fixJobQuery(jobId));

/** A bucket's fix jobs, newest first; read again every few seconds while one runs. */
export const useFixJobs = (connectionId: string, bucket: string) =>
  useQuery({
    queryKey: keys.fixJobsOf(connectionId, bucket),
    queryFn: () =>
      fetchJson<{ jobs: FixJobDto[] }>(
        `/api/fixes?${new URLSearchParams({ connectionId, bucket, limit: "50" })}`,
      ),
    select: (d) => d.jobs,
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => j.status === "running") ? 2_000 : false),
  });

export const useFixItems = (jobId: number, state: string | undefined, live: boolean) =>
  useQuery({
    queryKey: keys.fixItems(jobId, state),
    queryFn: () =>
      fetchJson<{ items: FixItemDto[]; nextCursor: string | null }>(
        `/api/fixes/${jobId}/items?${new URLSearchParams({ limit: "500", ...(state ? { state } : {}) })}`,
      ),
    refetchInterval: live ? 1_500 : false,
  });

/**
 * Where each object of a fix job stands (the first 500, as its panel shows them), by key and version: the findings
 * mark their rows with it. The same query as the job's panel, so it costs no request of its own.
 */
export function useJobItemStates(jobId: number | null) {
  const items = useQuery({
    queryKey: keys.fixItems(jobId ?? 0, undefined),
    queryFn: () =>
      fetchJson<{ items: FixItemDto[]; nextCursor: string | null }>(`/api/fixes/${jobId}/items?limit=500`),
    enabled: jobId !== null,
  });
  return useMemo(
    () => new Map((items.data?.items ?? []).map((i) => [`${i.key}\u0000${i.versionId}`, i.state])),
    [items.data],
  );
}

export const useGuidance = (scanId: number, enabled: boolean) =>
  useQuery({
    enabled,
    queryKey: keys.guidance(scanId),
    queryFn: () => fetchJson<{ accounts: WriterGuidance[] }>(`/api/scans/${scanId}/guidance`),
    select: (d) => d.accounts,
  });

export const useAudit = (connectionId: string, bucket: string) =>
  useInfiniteQuery({
    queryKey: keys.audit(connectionId, bucket),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      fetchJson<{ entries: AuditEntryDto[]; nextBefore: number | null }>(
        `/api/audit?${new URLSearchParams({ connectionId, bucket, limit: "500", ...(pageParam ? { before: String(pageParam) } : {}) })}`,
      ),
    getNextPageParam: (last) => last.nextBefore,
  });

/** Reads the bucket's settings now (GetBucketAcl, ownership controls, policy): asked again whenever the dialog opens. */
export const useEnforcePlan = (input: EnforceInput) =>
  useQuery({
    queryKey: keys.enforcePlan(input.scanId),
    queryFn: () => sendJson<EnforcePlanDto>("/api/fixes/enforce/plan", input),
    staleTime: 0,
    gcTime: 0,
  });

export function useEnforce() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: EnforceInput) => sendJson<EnforceResultDto>("/api/fixes/enforce", input),
    // The attempt is in the audit log either way; only a bucket that now enforces has a new posture to show.
    onSuccess: (ended, input) => {
      void queryClient.invalidateQueries({ queryKey: keys.audit(input.connectionId, ended.bucket) });
      if (ended.result === "fixed")
        void queryClient.invalidateQueries({ queryKey: keys.connection(input.connectionId) });
    },
  });
}

export function useStartFix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (selection: FixSelectionInput) => sendJson<{ jobId: number }>("/api/fixes", selection),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.fixes() }),
  });
}

export function useFixControl(jobId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: "pause" | "resume" | "cancel" | "retry") =>
      sendJson<FixJobDto>(`/api/fixes/${jobId}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.fixJob(jobId) }),
  });
}
