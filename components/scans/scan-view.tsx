"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { FindingsTab } from "@/components/findings/findings-tab";
import { rowId, type Selected } from "@/components/findings/findings-table";
import { ObjectDrawer } from "@/components/findings/object-drawer";
import { FixJobPanel } from "@/components/fixes/fix-job-panel";
import { ScanProgress } from "@/components/scans/scan-progress";
import {
  DroppedFilters,
  FixThisKey,
  openJobOf,
  OtherTab,
  ScanDialogs,
  ScanUnavailable,
  SkipToFindings,
  tabsOf,
  type DialogState,
} from "@/components/scans/scan-view-parts";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { ViewTabs } from "@/components/ui/view-tabs";
import { useOncePer } from "@/lib/hooks/use-once-per";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { clearedView, droppedFilters, useFindings, useOwners, viewOf } from "@/lib/queries/findings";
import { useJobItemStates } from "@/lib/queries/fixes";
import { keys } from "@/lib/queries/keys";
import { useScan } from "@/lib/queries/scans";
import type { FindingDto } from "@/lib/schemas/scan";

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
  const { params, set } = useUrlState();
  const scan = useScan(scanId);
  const view = viewOf(params);
  const dropped = droppedFilters(params);
  const running = scan.data?.status === "running";
  const findings = useFindings(scanId, view, running);
  const owners = useOwners(scanId, scan.data?.status === "completed");
  const rows = useMemo(() => findings.data?.pages.flatMap((p) => p.findings) ?? [], [findings.data]);
  useReadAgainWhenEnded(scanId, scan.data, running, rows);
  const [selected, setSelected] = useState<Map<string, Selected>>(new Map());
  const [dialog, setDialog] = useState<DialogState>(null);
  const [enforcing, setEnforcing] = useState(false);
  const jobId = openJobOf(params);
  const jobStates = useJobItemStates(jobId);
  const [openKey, openVersion] = [params.get("obj"), params.get("objv")];
  const openObject = useCallback((f: FindingDto) => set({ obj: f.key, objv: f.versionId }), [set]);
  const closeObject = useCallback(() => set({ obj: null, objv: null }), [set]);

  if (scan.isPending) return <SkeletonRows />;
  if (scan.error || scan.data.bucket !== bucket)
    return <ScanUnavailable scan={scan} scanId={scanId} bucket={bucket} bucketHref={bucketHref} />;
  const connectionId = scan.data.connectionId!;
  const completed = scan.data.status === "completed";
  const fixOne = (f: FindingDto) =>
    setDialog({
      selection: { connectionId, scanId, keys: [{ key: f.key, versionId: f.versionId }] },
      title: `Fix ${f.key}`,
    });
  const tabs = tabsOf(canOperate, completed && scan.data.foreign > 0);
  const tab = tabs.find((t) => t.id === params.get("tab"))?.id ?? "findings";

  return (
    <div className="space-y-3">
      <SkipToFindings />
      <ScanProgress scan={scan.data} />
      {dropped.length > 0 && (
        <DroppedFilters
          dropped={dropped}
          onRemove={() => set(Object.fromEntries(dropped.map((d) => [d.field, null])))}
        />
      )}
      {jobId !== null && <FixJobPanel key={jobId} jobId={jobId} onClose={() => set({ fix: null })} />}
      <ScanDialogs
        dialog={dialog}
        enforcing={enforcing ? { ...scan.data, connectionId } : null}
        onClose={() => {
          setDialog(null);
          setEnforcing(false);
        }}
        onStarted={(jobId) => {
          setDialog(null);
          setSelected(new Map());
          set({ fix: String(jobId) });
        }}
        onRescanned={(next) => {
          setEnforcing(false);
          set({ ...clearedView(), scan: String(next) });
        }}
      />
      <ViewTabs
        label="Scan views"
        tabs={tabs}
        active={tab}
        onSelect={(id) => set({ tab: id === "findings" ? null : id })}
      />
      {tab !== "findings" && (
        <OtherTab
          tab={tab}
          scanId={scanId}
          owners={owners.data}
          inventory={inventory}
          jobs={{ connectionId, bucket: scan.data.bucket }}
        />
      )}
      {tab === "findings" && (
        <FindingsTab
          scan={scan.data}
          view={view}
          findings={findings}
          rows={rows}
          owners={owners.data ?? []}
          canOperate={canOperate}
          reportHref={completed ? `${bucketHref}/scans/${scanId}/report?${new URLSearchParams(view)}` : null}
          selected={selected}
          onSelectedChange={setSelected}
          job={jobId !== null ? { jobId, states: jobStates } : null}
          onOpen={openObject}
          onFix={fixOne}
          onFixSelection={(selection, title) => setDialog({ selection, title })}
          onEnforce={() => setEnforcing(true)}
        />
      )}
      {openKey && (
        <ObjectDrawer
          key={rowId(openKey, openVersion)}
          scanId={scanId}
          objectKey={openKey}
          versionId={openVersion}
          onClose={closeObject}
          renderFix={canOperate && completed ? (f) => <FixThisKey onFix={() => fixOne(f)} /> : undefined}
        />
      )}
    </div>
  );
}

/**
 * Whatever was read while the scan ran (rows still pending, or none yet: a small scan can end between two polls) is
 * read again once it has ended: findings, folders and owners alike (once per end state, since a cancelled or failed
 * scan keeps its unclassified rows).
 */
function useReadAgainWhenEnded(
  scanId: number,
  scan: { status: string; classified: number } | undefined,
  running: boolean,
  rows: FindingDto[],
) {
  const queryClient = useQueryClient();
  const [sawRunning, setSawRunning] = useState(false);
  if (running && !sawRunning) setSawRunning(true);
  const hasPending = useMemo(() => !running && rows.some((f) => f.status === null), [rows, running]);
  useOncePer(
    scan && !running && (sawRunning || hasPending) ? `${scan.status}:${scan.classified}` : null,
    () => {
      void queryClient.invalidateQueries({ queryKey: keys.scan(scanId) });
      // The scan picker names each scan's status too.
      void queryClient.invalidateQueries({ queryKey: [...keys.scans(), "list"] });
    },
  );
}
