"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { FindingsFilters } from "@/components/findings/findings-filters";
import { FindingsTable, rowId, type Selected } from "@/components/findings/findings-table";
import { FindingsToolbar, FixButtons } from "@/components/findings/findings-toolbar";
import { FolderNav } from "@/components/findings/folder-nav";
import { ObjectDrawer } from "@/components/findings/object-drawer";
import { EnforceDialog } from "@/components/fixes/enforce-dialog";
import { FixDialog } from "@/components/fixes/fix-dialog";
import { FixJobInline, FixJobPanel } from "@/components/fixes/fix-job-panel";
import { FixJobsList } from "@/components/fixes/fix-jobs-list";
import { HandoffPanel } from "@/components/fixes/handoff-panel";
import { WriterGuidancePanel } from "@/components/fixes/writer-guidance";
import { ScanProgress } from "@/components/scans/scan-progress";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { TabPanel, ViewTabs, type ViewTab } from "@/components/ui/view-tabs";
import { countOf } from "@/lib/format";
import { useElementHeight } from "@/lib/hooks/use-element-height";
import { useNarrowScreen } from "@/lib/hooks/use-narrow-screen";
import { useOncePer } from "@/lib/hooks/use-once-per";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { clearedView, droppedFilters, useFindings, useOwners, viewOf } from "@/lib/queries/findings";
import { useJobItemStates } from "@/lib/queries/fixes";
import { keys } from "@/lib/queries/keys";
import { useScan } from "@/lib/queries/scans";
import type { FixSelectionInput } from "@/lib/schemas/fix";
import type { FindingDto } from "@/lib/schemas/scan";

type DialogState = { selection: Omit<FixSelectionInput, "strategy">; title: string } | null;

/**
 * One scan: progress, then its findings browsed by folder, filtered, sorted and searched (all in the URL), in a
 * table that stays smooth at a hundred thousand rows; a drawer per key; single and bulk fixes.
 */
export function ScanView({
  scanId,
  canOperate,
  bucketHref,
  inventory,
  bucket,
}: {
  scanId: number;
  canOperate: boolean;
  bucketHref: string;
  /** The bucket's S3 Inventory panel, one tab among the scan's. */
  inventory: ReactNode;
  /** The bucket of the page: a scan of another bucket is not shown under its name. */
  bucket: string;
}) {
  const { params, set, hrefWith } = useUrlState();
  const scan = useScan(scanId);
  const view = viewOf(params);
  const dropped = droppedFilters(params);
  const running = scan.data?.status === "running";
  const findings = useFindings(scanId, view, running);
  const owners = useOwners(scanId, scan.data?.status === "completed");
  // Whatever was read while the scan ran (rows still pending, or none yet: a small scan can end between two polls)
  // is read again once it has ended: findings, folders and owners alike (once per end state, since a cancelled or
  // failed scan keeps its unclassified rows).
  const queryClient = useQueryClient();
  const [sawRunning, setSawRunning] = useState(false);
  if (running && !sawRunning) setSawRunning(true);
  const rows = useMemo(() => findings.data?.pages.flatMap((p) => p.findings) ?? [], [findings.data]);
  const hasPending = useMemo(() => !running && rows.some((f) => f.status === null), [rows, running]);
  useOncePer(
    scan.data && !running && (sawRunning || hasPending)
      ? `${scan.data.status}:${scan.data.classified}`
      : null,
    () => {
      void queryClient.invalidateQueries({ queryKey: keys.scan(scanId) });
      // The scan picker names each scan's status too.
      void queryClient.invalidateQueries({ queryKey: [...keys.scans(), "list"] });
    },
  );
  const [selected, setSelected] = useState<Map<string, Selected>>(new Map());
  const [dialog, setDialog] = useState<DialogState>(null);
  const [enforcing, setEnforcing] = useState(false);
  const fixParam = Number(params.get("fix"));
  const jobId = Number.isInteger(fixParam) && fixParam > 0 ? fixParam : null;
  const jobStates = useJobItemStates(jobId);
  const openKey = params.get("obj");
  const openVersion = params.get("objv");
  const openObject = useCallback((f: FindingDto) => set({ obj: f.key, objv: f.versionId }), [set]);
  const [toolbarRef, toolbarHeight] = useElementHeight();
  const narrow = useNarrowScreen();
  const closeObject = useCallback(() => set({ obj: null, objv: null }), [set]);

  if (scan.isPending) return <SkeletonRows />;
  if (scan.error)
    return (
      <ErrorPanel
        message={scan.error.message}
        error={scan.error}
        onRetry={() => scan.refetch()}
        back={{ href: bucketHref, label: `Back to ${bucket}'s live listing (its scans are under View)` }}
      />
    );
  if (scan.data.bucket !== bucket)
    return (
      <ErrorPanel
        message={`Scan #${scanId} is a scan of bucket ${scan.data.bucket}, not of ${bucket}: open it from that bucket's page.`}
      />
    );
  const connectionId = scan.data.connectionId!;
  const completed = scan.data.status === "completed";
  const firstPage = findings.data?.pages[0];
  const total = firstPage?.total;
  const fixOne = (f: FindingDto) =>
    setDialog({
      selection: { connectionId, scanId, keys: [{ key: f.key, versionId: f.versionId }] },
      title: `Fix ${f.key}`,
    });
  const foreignSeen = completed && scan.data.foreign > 0;
  // The bulk action names what it will touch: how many keys of this view are still foreign-owned, and where.
  const fixable = firstPage?.fixable;
  const scope = view.prefix ? ` in ${view.prefix}` : "";
  const fixAllLabel =
    fixable === undefined ? "Fix all matching" : `Fix ${countOf(fixable, "foreign key")}${scope}`;
  const tabs: ViewTab[] = [
    { id: "findings", label: "Findings" },
    ...(foreignSeen ? [{ id: "guidance", label: "Writer guidance" }] : []),
    ...(canOperate && foreignSeen ? [{ id: "handoff", label: "Batch Operations hand-off" }] : []),
    { id: "inventory", label: "S3 Inventory" },
    { id: "jobs", label: "Fix jobs" },
  ];
  const tab = tabs.find((t) => t.id === params.get("tab"))?.id ?? "findings";

  return (
    <div className="space-y-3">
      <a
        href="#findings"
        className="sr-only rounded bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:z-40"
      >
        Skip to findings
      </a>
      <ScanProgress scan={scan.data} />
      {dropped.length > 0 && (
        <p
          data-testid="dropped-filters"
          className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm"
        >
          Left out of this view, from its link:{" "}
          {dropped
            // A link can carry anything: long values are cut.
            .map(
              (d) =>
                `${d.field} "${d.value.length > 60 ? `${d.value.slice(0, 60)}…` : d.value}" (${d.reason})`,
            )
            .join("; ")}
          .{" "}
          <button
            type="button"
            onClick={() => set(Object.fromEntries(dropped.map((d) => [d.field, null])))}
            className="font-medium underline"
          >
            Remove from the link
          </button>
        </p>
      )}
      {jobId !== null && <FixJobPanel key={jobId} jobId={jobId} onClose={() => set({ fix: null })} />}
      {dialog && (
        <FixDialog
          selection={dialog.selection}
          title={dialog.title}
          onClose={() => setDialog(null)}
          onStarted={(jobId) => {
            setDialog(null);
            setSelected(new Map());
            set({ fix: String(jobId) });
          }}
        />
      )}
      {enforcing && (
        <EnforceDialog
          scan={{ ...scan.data, connectionId }}
          onClose={() => setEnforcing(false)}
          onRescanned={(next) => {
            setEnforcing(false);
            set({ ...clearedView(), scan: String(next) });
          }}
        />
      )}
      <ViewTabs
        label="Scan views"
        tabs={tabs}
        active={tab}
        onSelect={(id) => set({ tab: id === "findings" ? null : id })}
      />
      {tab === "guidance" && (
        <TabPanel id="guidance">
          <WriterGuidancePanel scanId={scanId} />
        </TabPanel>
      )}
      {tab === "handoff" && owners.data && (
        <TabPanel id="handoff">
          <HandoffPanel scanId={scanId} owners={owners.data} />
        </TabPanel>
      )}
      {tab === "inventory" && <TabPanel id="inventory">{inventory}</TabPanel>}
      {tab === "jobs" && (
        <TabPanel id="jobs">
          <FixJobsList connectionId={connectionId} bucket={scan.data.bucket} />
        </TabPanel>
      )}
      {tab === "findings" && (
        <TabPanel id="findings">
          {/* The counts and the actions stay in reach while the findings scroll under them. */}
          <div
            ref={toolbarRef}
            data-testid="findings-toolbar"
            // Sticky on a desk; a phone's screen is too short to give it up for the whole scroll.
            className="-mx-2 bg-slate-50/95 px-2 py-1.5 backdrop-blur md:sticky md:top-0 md:z-10"
          >
            <FindingsToolbar
              scan={scan.data}
              viewCounts={firstPage?.byStatus}
              view={view}
              reportHref={
                completed ? `${bucketHref}/scans/${scanId}/report?${new URLSearchParams(view)}` : null
              }
              canShare={canOperate}
              fixes={
                canOperate &&
                completed &&
                scan.data.foreign > 0 && (
                  <FixButtons
                    selected={selected.size}
                    fixable={fixable}
                    label={fixAllLabel}
                    onFixSelected={() =>
                      setDialog({
                        selection: { connectionId, scanId, keys: [...selected.values()] },
                        title: `Fix ${countOf(selected.size, "selected object")}`,
                      })
                    }
                    onFixAll={() =>
                      setDialog({
                        selection: { connectionId, scanId, filter: view },
                        title: `${fixAllLabel}: every key of this view still foreign-owned`,
                      })
                    }
                    onEnforce={() => setEnforcing(true)}
                  />
                )
              }
              below={jobId !== null && <FixJobInline jobId={jobId} />}
            />
          </div>
          <div className="space-y-2 pb-2">
            <FindingsFilters
              key={scanId}
              view={view}
              set={set}
              owners={owners.data ?? []}
              matches={
                <span data-testid="match-count">
                  {total === undefined ? "…" : countOf(total, "key matches", "keys match")}
                  {findings.isFetching && !findings.isFetchingNextPage && " · updating"}
                </span>
              }
            />
            <FolderNav scanId={scanId} bucket={scan.data.bucket} view={view} hrefWith={hrefWith} />
          </div>
          {findings.isPending ? (
            <SkeletonRows />
          ) : findings.error ? (
            <ErrorPanel message={findings.error.message} onRetry={() => findings.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyState title={running ? "Nothing classified yet" : "No findings match"}>
              {running
                ? "Findings appear here as the scan classifies keys."
                : "Clear a filter to see more keys."}
            </EmptyState>
          ) : (
            <FindingsTable
              rows={rows}
              hasMore={findings.hasNextPage}
              loadingMore={findings.isFetchingNextPage}
              loadMore={findings.fetchNextPage}
              selected={canOperate && completed ? selected : null}
              onSelectedChange={setSelected}
              onOpen={openObject}
              onFix={canOperate && completed ? fixOne : null}
              onOwner={(ownerId) => set({ owner: ownerId })}
              stickyTop={narrow ? 0 : toolbarHeight}
              inJob={jobId !== null ? { jobId, states: jobStates } : undefined}
              sort={{
                by: (view.sort as "risk" | "key" | "size" | "modified" | undefined) ?? "risk",
                dir: view.dir === "desc" ? "desc" : "asc",
                onSort: (by) =>
                  set({
                    sort: by === "risk" ? null : by,
                    dir: by === (view.sort ?? "risk") && view.dir !== "desc" ? "desc" : null,
                  }),
              }}
            />
          )}
        </TabPanel>
      )}
      {openKey && (
        <ObjectDrawer
          key={rowId(openKey, openVersion)}
          scanId={scanId}
          objectKey={openKey}
          versionId={openVersion}
          onClose={closeObject}
          renderFix={
            canOperate && completed
              ? (f) => (
                  <Button onClick={() => fixOne(f)} variant="secondary" size="sm">
                    Fix this key
                  </Button>
                )
              : undefined
          }
        />
      )}
    </div>
  );
}
