import "client-only";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { FindingDto } from "@/lib/schemas/scan";

export type ShareLinkDto = {
  id: number;
  /** The filters the link shows, as its URL spelt them. */
  view: Record<string, string>;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
};

/** A scan's share links (read when `enabled`), and making and revoking them. */
export function useShareLinks(scanId: number, enabled: boolean) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.shares(scanId) });
  const links = useQuery({
    queryKey: keys.shares(scanId),
    queryFn: () => fetchJson<{ links: ShareLinkDto[] }>(`/api/share?scanId=${scanId}`),
    enabled,
    select: (d) => d.links,
  });
  const create = useMutation({
    mutationFn: (input: { view: Record<string, string>; expiresInHours: number }) =>
      sendJson<{ path: string }>("/api/share", { scanId, ...input }),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: number) => sendJson(`/api/share/${id}/revoke`),
    onSuccess: refresh,
  });
  return { links, create, revoke };
}

/** The findings a share link shows, page by page. */
export const useSharedFindings = (token: string) =>
  useInfiniteQuery({
    queryKey: keys.sharedView(token),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      fetchJson<{ findings: FindingDto[]; nextCursor: string | null }>(
        `/api/share/view/${token}/findings?${new URLSearchParams({ limit: "500", ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
