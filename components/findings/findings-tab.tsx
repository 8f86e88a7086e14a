"use client";

import { FindingsFilters } from "@/components/findings/findings-filters";
import { FindingsTable, type Selected } from "@/components/findings/findings-table";
import { FindingsToolbar, FixButtons } from "@/components/findings/findings-toolbar";
import { FolderNav } from "@/components/findings/folder-nav";
import { FixJobInline } from "@/components/fixes/fix-job-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { TabPanel } from "@/components/ui/view-tabs";
import { countOf } from "@/lib/format";
import { useElementHeight } from "@/lib/hooks/use-element-height";
import { useNarrowScreen } from "@/lib/hooks/use-narrow-screen";
import { useUrlState } from "@/lib/hooks/use-url-state";
import type { useFindings } from "@/lib/queries/findings";
import type { useJobItemStates } from "@/lib/queries/fixes";
import type { FixSelectionInput } from "@/lib/schemas/fix";
import type { OwnerCountDto } from "@/lib/schemas/scan";
import type { FindingDto, ScanDto } from "@/lib/schemas/scan";

type Selection = Omit<FixSelectionInput, "strategy">;

/**
 * A scan's findings: the bar of counts, files and fixes (sticky on a desk), the filters and folders, and the table
 * (cards on a phone). The view lives in the URL; the selection and the open fix job are the page's.
 */
export function FindingsTab({
  scan,
  view,
  findings,
  rows,
  owners,
  canOperate,
  reportHref,
  selected,
  onSelectedChange,
  job,
  onOpen,
  onFix,
  onFixSelection,
  onEnforce,
}: {
  scan: ScanDto & { connectionId: string | null };
  view: Record<string, string>;
  findings: ReturnType<typeof useFindings>;
  rows: FindingDto[];
  owners: OwnerCountDto[];
  canOperate: boolean;
  reportHref: string | null;
  selected: Map<string, Selected>;
  onSelectedChange: (selected: Map<string, Selected>) => void;
  job: { jobId: number; states: ReturnType<typeof useJobItemStates> } | null;
  onOpen: (f: FindingDto) => void;
  onFix: (f: FindingDto) => void;
  onFixSelection: (selection: Selection, title: string) => void;
  onEnforce: () => void;
}) {
  const { set, hrefWith } = useUrlState();
  const [toolbarRef, toolbarHeight] = useElementHeight();
  const narrow = useNarrowScreen();
  const completed = scan.status === "completed";
  const fixing = canOperate && completed;
  const firstPage = findings.data?.pages[0];
  const total = firstPage?.total;
  const running = scan.status === "running";

  return (
    <TabPanel id="findings">
      {/* The counts and the actions stay in reach while the findings scroll under them. */}
      <div
        ref={toolbarRef}
        data-testid="findings-toolbar"
        // Sticky on a desk; a phone's screen is too short to give it up for the whole scroll.
        className="-mx-2 bg-slate-50/95 px-2 py-1.5 backdrop-blur md:sticky md:top-0 md:z-10"
      >
        <FindingsToolbar
          scan={scan}
          viewCounts={firstPage?.byStatus}
          view={view}
          reportHref={reportHref}
          canShare={canOperate}
          fixes={
            fixing &&
            scan.foreign > 0 && (
              <ViewFixButtons
                scan={scan}
                view={view}
                fixable={firstPage?.fixable}
                selected={selected}
                onFixSelection={onFixSelection}
                onEnforce={onEnforce}
              />
            )
          }
          below={job !== null && <FixJobInline jobId={job.jobId} />}
        />
      </div>
      <div className="space-y-2 pb-2">
        <FindingsFilters
          key={scan.id}
          view={view}
          set={set}
          owners={owners}
          matches={
            <span data-testid="match-count">
              {total === undefined ? "…" : countOf(total, "key matches", "keys match")}
              {findings.isFetching && !findings.isFetchingNextPage && " · updating"}
            </span>
          }
        />
        <FolderNav scanId={scan.id} bucket={scan.bucket} view={view} hrefWith={hrefWith} />
      </div>
      {findings.isPending ? (
        <SkeletonRows />
      ) : findings.error ? (
        <ErrorPanel message={findings.error.message} onRetry={() => findings.refetch()} />
      ) : rows.length === 0 ? (
        <NoFindings running={running} />
      ) : (
        <FindingsTable
          rows={rows}
          hasMore={findings.hasNextPage}
          loadingMore={findings.isFetchingNextPage}
          loadMore={findings.fetchNextPage}
          selected={fixing ? selected : null}
          onSelectedChange={onSelectedChange}
          onOpen={onOpen}
          onFix={fixing ? onFix : null}
          onOwner={(ownerId) => set({ owner: ownerId })}
          stickyTop={narrow ? 0 : toolbarHeight}
          inJob={job ?? undefined}
          sort={sortOf(view, set)}
        />
      )}
    </TabPanel>
  );
}

/** The table's order, as the URL keeps it: "risk" (foreign first) unless another is chosen; a second click flips it. */
function sortOf(view: Record<string, string>, set: ReturnType<typeof useUrlState>["set"]) {
  return {
    by: (view.sort as "risk" | "key" | "size" | "modified" | undefined) ?? "risk",
    dir: view.dir === "desc" ? ("desc" as const) : ("asc" as const),
    onSort: (by: string) =>
      set({
        sort: by === "risk" ? null : by,
        dir: by === (view.sort ?? "risk") && view.dir !== "desc" ? "desc" : null,
      }),
  };
}

const NoFindings = ({ running }: { running: boolean }) => (
  <EmptyState title={running ? "Nothing classified yet" : "No findings match"}>
    {running ? "Findings appear here as the scan classifies keys." : "Clear a filter to see more keys."}
  </EmptyState>
);

/** Fix selected, fix this view's foreign keys, enforce: each opens its plan first. */
function ViewFixButtons({
  scan,
  view,
  fixable,
  selected,
  onFixSelection,
  onEnforce,
}: {
  scan: ScanDto & { connectionId: string | null };
  view: Record<string, string>;
  fixable: number | undefined;
  selected: Map<string, Selected>;
  onFixSelection: (selection: Selection, title: string) => void;
  onEnforce: () => void;
}) {
  // The bulk action names what it will touch: how many keys of this view are still foreign-owned, and where.
  const scope = view.prefix ? ` in ${view.prefix}` : "";
  const fixAllLabel =
    fixable === undefined ? "Fix all matching" : `Fix ${countOf(fixable, "foreign key")}${scope}`;
  const base = { connectionId: scan.connectionId!, scanId: scan.id };
  return (
    <FixButtons
      selected={selected.size}
      fixable={fixable}
      label={fixAllLabel}
      onFixSelected={() =>
        onFixSelection(
          { ...base, keys: [...selected.values()] },
          `Fix ${countOf(selected.size, "selected object")}`,
        )
      }
      onFixAll={() =>
        onFixSelection(
          { ...base, filter: view },
          `${fixAllLabel}: every key of this view still foreign-owned`,
        )
      }
      onEnforce={onEnforce}
    />
  );
}
