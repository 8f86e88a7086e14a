"use client";

import { useState } from "react";
import { FixDialog } from "@/components/fixes/fix-dialog";
import { FixJobPanel } from "@/components/fixes/fix-job-panel";
import { WriterGuidancePanel } from "@/components/fixes/writer-guidance";
import { ShareButton } from "@/components/share/share-button";
import { ScanProgress } from "@/components/scans/scan-progress";
import { AccessAndSizeCells, FindingOwner, KeyCell, StatusCell } from "@/components/scans/finding-cells";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useOncePer } from "@/lib/hooks/use-once-per";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useFindings, useScan } from "@/lib/queries/scans";
import type { FixSelectionInput } from "@/lib/schemas/fix";

type DialogState = { selection: Omit<FixSelectionInput, "strategy">; title: string } | null;
const rowId = (key: string, versionId: string | null) => `${key}\u0000${versionId ?? ""}`;

/** One scan: progress, then its findings with status, owner and text filters held in the URL. */
export function ScanView({ scanId, canOperate }: { scanId: number; canOperate: boolean }) {
  const { params, set } = useUrlState();
  const scan = useScan(scanId);
  const filters = {
    status: params.get("status") ?? undefined,
    owner: params.get("owner") ?? undefined,
    q: params.get("q") ?? undefined,
    foreign: params.get("foreign") ?? undefined,
  };
  const [text, setText] = useState(filters.q ?? "");
  const running = scan.data?.status === "running";
  const findings = useFindings(scanId, filters, running);
  // Rows fetched while the scan ran may still be pending: once it has ended, read them again (once per end state,
  // since a cancelled or failed scan keeps its unclassified rows).
  const hasPending = findings.data?.pages.some((p) => p.findings.some((f) => f.status === null)) ?? false;
  useOncePer(
    scan.data && !running && hasPending ? `${scan.data.status}:${scan.data.classified}` : null,
    () => {
      void findings.refetch();
    },
  );
  const [selected, setSelected] = useState<Map<string, { key: string; versionId: string | null }>>(new Map());
  const [dialog, setDialog] = useState<DialogState>(null);
  const fixJob = Number(params.get("fix"));

  if (scan.isPending) return <SkeletonRows />;
  if (scan.error) return <ErrorPanel message={scan.error.message} onRetry={() => scan.refetch()} />;
  const rows = findings.data?.pages.flatMap((p) => p.findings) ?? [];
  const connectionId = scan.data.connectionId!;
  const toggle = (key: string, versionId: string | null) =>
    setSelected((prev) => {
      const next = new Map(prev);
      const id = rowId(key, versionId);
      if (next.has(id)) next.delete(id);
      else next.set(id, { key, versionId });
      return next;
    });
  const filterSelection = {
    ...(filters.status ? { status: [filters.status] as never } : {}),
    ...(filters.owner ? { ownerId: filters.owner } : {}),
    ...(filters.q ? { text: filters.q } : {}),
  };

  return (
    <div className="space-y-3">
      <ScanProgress scan={scan.data} />
      {Number.isInteger(fixJob) && fixJob > 0 && (
        <FixJobPanel key={fixJob} jobId={fixJob} onClose={() => set({ fix: null })} />
      )}
      {scan.data.status === "completed" && scan.data.foreign > 0 && <WriterGuidancePanel scanId={scanId} />}
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
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <input
          type="search"
          aria-label="Search keys"
          placeholder="Search keys…"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            set({ q: e.target.value }, 300);
          }}
          className="w-72 rounded border border-slate-300 px-2 py-1"
        />
        <label className="flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={filters.foreign === "1"}
            onChange={(e) => set({ foreign: e.target.checked ? "1" : null })}
          />
          foreign owners only
        </label>
        <span className="ml-auto flex gap-2">
          {canOperate && <ShareButton scanId={scanId} view={filters} />}
        </span>
        {canOperate && scan.data.status === "completed" && scan.data.foreign > 0 && (
          <span className="flex gap-2">
            <button
              type="button"
              disabled={selected.size === 0}
              onClick={() =>
                setDialog({
                  selection: { connectionId, scanId, keys: [...selected.values()] },
                  title: `Fix ${selected.size} selected ${selected.size === 1 ? "object" : "objects"}`,
                })
              }
              className="rounded-md border border-slate-300 bg-white px-2 py-1 font-medium disabled:opacity-40"
            >
              Fix selected ({selected.size})
            </button>
            <button
              type="button"
              onClick={() =>
                setDialog({
                  selection: { connectionId, scanId, filter: filterSelection },
                  title: "Fix every foreign object that matches the filter",
                })
              }
              className="rounded-md bg-slate-900 px-2 py-1 font-medium text-white"
            >
              Fix all matching
            </button>
          </span>
        )}
        {filters.owner && (
          <button
            type="button"
            onClick={() => set({ owner: null })}
            className="rounded bg-slate-100 px-2 py-0.5"
          >
            owner {filters.owner} ✕
          </button>
        )}
      </div>
      {findings.isPending ? (
        <SkeletonRows />
      ) : findings.error ? (
        <ErrorPanel message={findings.error.message} onRetry={() => findings.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={running ? "Nothing classified yet" : "No findings match"}>
          {running ? "Findings appear here as the scan classifies keys." : "Clear a filter to see more keys."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Key
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Owner
                </th>
                <th scope="col" className="px-3 py-2">
                  Bucket owner access
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Size
                </th>
                <th scope="col" className="px-3 py-2">
                  Storage class
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((f) => (
                <tr
                  key={`${f.key}\u0000${f.versionId ?? ""}`}
                  data-testid="finding-row"
                  data-key={f.key}
                  data-status={f.status ?? "pending"}
                  className={f.foreign ? "bg-amber-50/60" : undefined}
                >
                  <td className="px-3 py-2">
                    {canOperate && f.foreign && (
                      <input
                        type="checkbox"
                        aria-label={`Select ${f.key}`}
                        checked={selected.has(rowId(f.key, f.versionId))}
                        onChange={() => toggle(f.key, f.versionId)}
                      />
                    )}
                  </td>
                  <KeyCell f={f} />
                  <StatusCell f={f} />
                  <td className="px-3 py-2">
                    <button
                      type="button"
                      className="text-left"
                      title="Show only this owner's keys"
                      onClick={() => f.owner.id && set({ owner: f.owner.id })}
                    >
                      <FindingOwner f={f} />
                    </button>
                  </td>
                  <AccessAndSizeCells f={f} />
                  <td className="px-3 py-2 text-slate-600">{f.storageClass ?? "—"}</td>
                  <td className="px-3 py-2">
                    {canOperate && f.foreign && scan.data.status === "completed" && (
                      <button
                        type="button"
                        onClick={() =>
                          setDialog({
                            selection: {
                              connectionId,
                              scanId,
                              keys: [{ key: f.key, versionId: f.versionId }],
                            },
                            title: `Fix ${f.key}`,
                          })
                        }
                        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50"
                      >
                        Fix
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {findings.hasNextPage && (
        <button
          type="button"
          onClick={() => findings.fetchNextPage()}
          disabled={findings.isFetchingNextPage}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
        >
          {findings.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
