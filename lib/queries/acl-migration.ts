import "client-only";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { CutoverStep, RollbackStep, StepState } from "@/lib/migrate/steps";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { EvidenceJob, MigrationPlanDto, MigrationView } from "@/lib/schemas/migration";

const base = (connectionId: string, bucket: string) =>
  `/api/connections/${encodeURIComponent(connectionId)}/buckets/${encodeURIComponent(bucket)}/acl-migration`;

export const snapshotHref = (connectionId: string, bucket: string, id: number) =>
  `${base(connectionId, bucket)}/snapshot/${id}`;

export const useMigrationPlan = (connectionId: string, bucket: string, includePublic: boolean) =>
  useQuery({
    queryKey: [...keys.aclMigration(connectionId, bucket), includePublic],
    queryFn: () =>
      fetchJson<MigrationPlanDto>(`${base(connectionId, bucket)}?includePublic=${includePublic ? "1" : "0"}`),
    staleTime: 0,
    // Turning public grants on or off keeps the page (and the checkbox) while the other plan loads.
    placeholderData: keepPreviousData,
  });

/** A change to the bucket or to what is known of it: the plan is read again. */
function useMigrationMutation<I, O>(connectionId: string, bucket: string, path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => sendJson<O>(`${base(connectionId, bucket)}/${path}`, input),
    onSettled: () => client.invalidateQueries({ queryKey: keys.aclMigration(connectionId, bucket) }),
  });
}

export const useReadEvidence = (connectionId: string, bucket: string) =>
  useMigrationMutation<
    {
      accessLogs: string | null;
      cloudTrail: string | null;
      metadataJournal?: string | null;
      since: string | null;
    },
    { jobId: number; job: EvidenceJob }
  >(connectionId, bucket, "evidence");

/**
 * The bucket's latest reading of logs, asked for every second while it runs; when it ends, the plan is read again
 * (its evidence and readiness changed).
 */
export function useEvidenceJob(connectionId: string, bucket: string) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: [...keys.aclMigration(connectionId, bucket), "evidence-job"],
    queryFn: () => fetchJson<{ job: EvidenceJob | null }>(`${base(connectionId, bucket)}/evidence`),
    refetchInterval: (q) => (q.state.data?.job?.state === "running" ? 1_000 : false),
  });
  const state = query.data?.job?.state;
  const was = useRef(state);
  useEffect(() => {
    if (was.current === "running" && state !== "running")
      void client.invalidateQueries({ queryKey: keys.aclMigration(connectionId, bucket) });
    was.current = state;
  }, [state, client, connectionId, bucket]);
  return query;
}

export const useCancelEvidence = (connectionId: string, bucket: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      sendJson<{ cancelling: number }>(`${base(connectionId, bucket)}/evidence`, undefined, "DELETE"),
    onSettled: () => client.invalidateQueries({ queryKey: keys.aclMigration(connectionId, bucket) }),
  });
};

export const useTakeSnapshot = (connectionId: string, bucket: string) =>
  useMigrationMutation<{ includePublic: boolean }, MigrationView>(connectionId, bucket, "snapshot");

export const useRunStep = (connectionId: string, bucket: string) =>
  useMigrationMutation<
    { snapshot: number; step: CutoverStep; confirm: true; acceptBreakers: boolean },
    { state: StepState; migration: MigrationView }
  >(connectionId, bucket, "steps");

export const useRollback = (connectionId: string, bucket: string) =>
  useMigrationMutation<
    { snapshot: number; confirm: true },
    { steps: (StepState & { step: RollbackStep })[]; migration: MigrationView }
  >(connectionId, bucket, "rollback");
