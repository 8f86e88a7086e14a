import "client-only";
import { infiniteQueryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { ObjectDetailDto } from "@/lib/schemas/object";
import type { DiffKind, FindingsPage, OwnerCountDto } from "@/lib/schemas/scan";
import type { FolderSummary } from "@/lib/schemas/scan";
import { checkedView, findingsViewFields } from "@/lib/schemas/scan";

/** The findings view's URL fields present in these search params (everything else in the URL is not the view). */
export function viewOf(params: URLSearchParams): Record<string, string> {
  const { view } = checkedView(rawView(params));
  // The page leads with what needs doing: foreign keys first, unless the URL names another order.
  return { ...view, sort: view.sort ?? "risk" };
}

/** The filters of the URL's view that do not hold (the page leaves them out and says so). */
export const droppedFilters = (params: URLSearchParams) => checkedView(rawView(params)).dropped;

function rawView(params: URLSearchParams): Record<string, string> {
  const view: Record<string, string> = {};
  for (const f of findingsViewFields) {
    const v = params.get(f);
    if (v) view[f] = v;
  }
  return view;
}

/** A URL patch that drops every filter of a view (and the open drawer), keeping the prefix. */
export const clearedView = (): Record<string, null> => ({
  ...Object.fromEntries(findingsViewFields.filter((f) => f !== "prefix").map((f) => [f, null])),
  obj: null,
  objv: null,
});

const FINDINGS_PAGE = 500;

const findingsQuery = (scanId: number, view: Record<string, string>, running: boolean) =>
  infiniteQueryOptions({
    queryKey: keys.findings(scanId, view),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ ...view, limit: String(FINDINGS_PAGE) });
      if (pageParam) search.set("cursor", pageParam);
      return fetchJson<FindingsPage>(`/api/scans/${scanId}/findings?${search}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: running ? 2_000 : false,
    // A new filter keeps the old rows on screen until its first page lands, so the table never flashes empty.
    placeholderData: (previous) => previous,
    // Pages are only ever appended: comparing every loaded row on each fetch would cost frames while scrolling.
    structuralSharing: false,
  });

export const useFindings = (scanId: number, view: Record<string, string>, running: boolean) =>
  useInfiniteQuery(findingsQuery(scanId, view, running));

export const useFolders = (scanId: number, view: Record<string, string>, enabled: boolean) =>
  useQuery({
    queryKey: keys.folders(scanId, view),
    queryFn: () =>
      fetchJson<{ folders: FolderSummary[] }>(`/api/scans/${scanId}/folders?${new URLSearchParams(view)}`),
    select: (d) => d.folders,
    enabled,
    placeholderData: (previous) => previous,
  });

export const useObjectDetail = (scanId: number, key: string | null, versionId: string | null) =>
  useQuery({
    queryKey: keys.object(scanId, key ?? "", versionId),
    queryFn: () =>
      fetchJson<ObjectDetailDto>(
        `/api/scans/${scanId}/object?${new URLSearchParams({ key: key!, ...(versionId ? { versionId } : {}) })}`,
      ),
    enabled: key !== null,
  });

export const useOwners = (scanId: number, enabled: boolean) =>
  useQuery({
    queryKey: keys.owners(scanId),
    queryFn: () => fetchJson<{ owners: OwnerCountDto[] }>(`/api/scans/${scanId}/owners`),
    select: (d) => d.owners,
    enabled,
  });

export const useScanDiff = (from: number, to: number) =>
  useQuery({
    queryKey: keys.diff(from, to),
    queryFn: () =>
      fetchJson<{ counts: Record<DiffKind, number> }>(
        `/api/scans/diff?${new URLSearchParams({ from: String(from), to: String(to) })}`,
      ),
    enabled: from > 0 && to > 0,
  });

export const useDiffFindings = (from: number, to: number, kind: DiffKind) =>
  useInfiniteQuery({
    queryKey: keys.diffFindings(from, to, kind),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ from: String(from), to: String(to), kind, limit: "200" });
      if (pageParam) search.set("cursor", pageParam);
      return fetchJson<FindingsPage>(`/api/scans/diff/findings?${search}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    enabled: from > 0 && to > 0,
  });
