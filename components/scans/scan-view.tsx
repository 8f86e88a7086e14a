"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { FindingsTab } from "@/components/findings/findings-tab";
import { rowId, type Selected } from "@/components/findings/findings-table";
import { ObjectDrawer } from "@/components/findings/object-drawer";
import { EnforceDialog } from "@/components/fixes/enforce-dialog";
import { FixDialog } from "@/components/fixes/fix-dialog";
import { FixJobPanel } from "@/components/fixes/fix-job-panel";
import { FixJobsList } from "@/components/fixes/fix-jobs-list";
import { HandoffPanel } from "@/components/fixes/handoff-panel";
import { WriterGuidancePanel } from "@/components/fixes/writer-guidance";
import { ScanProgress } from "@/components/scans/scan-progress";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { TabPanel, ViewTabs, type ViewTab } from "@/components/ui/view-tabs";
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
  const fixParam = Number(params.get("fix"));
  const jobId = Number.isInteger(fixParam) && fixParam > 0 ? fixParam : null;
  const jobStates = useJobItemStates(jobId);
  const openKey = params.get("obj");
  const openVersion = params.get("objv");
  const openObject = useCallback((f: FindingDto) => set({ obj: f.key, objv: f.versionId }), [set]);
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
  const fixOne = (f: FindingDto) =>
    setDialog({
      selection: { connectionId, scanId, keys: [{ key: f.key, versionId: f.versionId }] },
      title: `Fix ${f.key}`,
    });
  const foreignSeen = completed && scan.data.foreign > 0;
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
        <DroppedFilters
          dropped={dropped}
          onRemove={() => set(Object.fromEntries(dropped.map((d) => [d.field, null])))}
        />
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

/** What a shared or bookmarked link asked for that this view leaves out, and the way to drop it from the link. */
function DroppedFilters({
  dropped,
  onRemove,
}: {
  dropped: ReturnType<typeof droppedFilters>;
  onRemove: () => void;
}) {
  return (
    <p data-testid="dropped-filters" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm">
      Left out of this view, from its link:{" "}
      {dropped
        // A link can carry anything: long values are cut.
        .map(
          (d) => `${d.field} "${d.value.length > 60 ? `${d.value.slice(0, 60)}…` : d.value}" (${d.reason})`,
        )
        .join("; ")}
      .{" "}
      <button type="button" onClick={onRemove} className="font-medium underline">
        Remove from the link
      </button>
    </p>
  );
}
