import "client-only";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { newShareSchema } from "@/lib/schemas/auth";
import type { FindingDto } from "@/lib/schemas/scan";
import type { ShareLinkDto } from "@/lib/schemas/share";
import type { z } from "zod";

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
    mutationFn: (input: Omit<z.input<typeof newShareSchema>, "scanId">) =>
      sendJson<{ path: string }>("/api/share", { scanId, ...input }),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: number) => sendJson<{ revoked: boolean }>(`/api/share/${id}/revoke`),
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
