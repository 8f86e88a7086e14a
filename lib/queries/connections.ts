import "client-only";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BucketPosture } from "@/lib/audit/posture";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { BucketOverviewDto, ConnectionTestDto, InventorySetupDto } from "@/lib/schemas/connection";
import type { Account, AccountInput, Connection, ConnectionInput } from "@/lib/schemas/connection";

const overviewQuery = (connectionId: string) =>
  queryOptions({
    queryKey: keys.overview(connectionId),
    queryFn: () =>
      fetchJson<{ buckets: BucketOverviewDto[]; unavailable: string | null }>(
        `/api/connections/${connectionId}/overview`,
      ),
  });

export const useOverview = (connectionId: string) => useQuery(overviewQuery(connectionId));

/** A bucket's posture, read live; the overview's rows and its totals share each answer. */
export const postureQuery = (connectionId: string, bucket: string) =>
  queryOptions({
    queryKey: keys.posture(connectionId, bucket),
    queryFn: () =>
      fetchJson<BucketPosture>(
        `/api/connections/${connectionId}/buckets/${encodeURIComponent(bucket)}/posture`,
      ),
    staleTime: 60_000,
  });

export const usePosture = (connectionId: string, bucket: string, enabled = true) =>
  useQuery({ ...postureQuery(connectionId, bucket), enabled });

/** Creates a connection (no id yet in the URL) or saves an existing one's settings. */
export function useSaveConnection(existingId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectionInput) =>
      existingId
        ? sendJson<Connection>(`/api/connections/${existingId}`, { ...input, id: undefined }, "PUT")
        : sendJson<Connection>("/api/connections", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.connections() }),
  });
}

export function useSaveAccount(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) =>
      sendJson<Account>(`/api/connections/${connectionId}/accounts`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.connection(connectionId) }),
  });
}

export function useDeleteAccount(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (canonicalId: string) =>
      sendJson(
        `/api/connections/${connectionId}/accounts/${encodeURIComponent(canonicalId)}`,
        undefined,
        "DELETE",
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.connection(connectionId) }),
  });
}

/** A bucket's inventory configurations, checked (read when `enabled`: the panel is open). */
export const useInventorySetup = (connectionId: string, bucket: string, enabled: boolean) =>
  useQuery({
    queryKey: keys.inventorySetup(connectionId, bucket),
    queryFn: () =>
      fetchJson<InventorySetupDto>(
        `/api/connections/${connectionId}/buckets/${encodeURIComponent(bucket)}/inventory`,
      ),
    enabled,
  });

export const useTestConnection = (connectionId: string) =>
  useMutation({
    mutationFn: (bucket?: string) =>
      sendJson<ConnectionTestDto>(`/api/connections/${connectionId}/test`, bucket ? { bucket } : {}),
  });

const locationsUrl = (connectionId: string) => `/api/connections/${connectionId}/inventory-locations`;

/** Allows an inventory report location, or (remove: true) stops allowing it. */
export function useInventoryLocation(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ location, remove }: { location: string; remove?: boolean }) =>
      remove
        ? sendJson(`${locationsUrl(connectionId)}?${new URLSearchParams({ location })}`, undefined, "DELETE")
        : sendJson(locationsUrl(connectionId), { location }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.connection(connectionId) }),
  });
}
