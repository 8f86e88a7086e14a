import "client-only";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { MigrationPlanDto, MigrationView } from "@/lib/migrate/dto";
import type { Evidence } from "@/lib/migrate/evidence";
import type { CutoverStep, RollbackStep, StepState } from "@/lib/migrate/steps";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";

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
    { accessLogs: string | null; cloudTrail: string | null; since: string | null },
    Evidence
  >(connectionId, bucket, "evidence");

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
