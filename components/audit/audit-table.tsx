"use client";

import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useAudit } from "@/lib/queries/fixes";

/** Every fix action on the bucket: who, when, which object, strategy, before and after, result. */
export function AuditTable({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const audit = useAudit(connectionId, bucket);
  if (audit.isPending) return <SkeletonRows />;
  if (audit.error) return <ErrorPanel message={audit.error.message} onRetry={() => audit.refetch()} />;
  if (audit.data.length === 0)
    return (
      <EmptyState title="No fix has run on this bucket yet">Scan it, then fix a foreign object.</EmptyState>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-xs">
        <thead className="bg-slate-50 tracking-wide text-slate-500 uppercase">
          <tr>
            {["When", "Who", "Object", "Action", "Owner before → after", "Bucket owner access", "Result"].map(
              (h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {audit.data.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-key={e.key ?? "*"} data-result={e.result}>
              <td className="px-3 py-2 whitespace-nowrap">{e.at.replace("T", " ").slice(0, 19)}</td>
              <td className="px-3 py-2">
                {e.actor}
                {e.jobId !== null && <span className="text-slate-400"> · job {e.jobId}</span>}
              </td>
              <td className="max-w-xs truncate px-3 py-2 font-mono" title={e.key ?? "whole bucket"}>
                {e.key ?? "whole bucket"}
              </td>
              <td className="px-3 py-2">{e.action}</td>
              <td className="px-3 py-2">
                {e.ownerBefore ?? "—"} → {e.ownerAfter ?? "—"}
              </td>
              <td className="px-3 py-2">
                {e.accessBefore ?? "—"} → {e.accessAfter ?? "—"}
              </td>
              <td className="px-3 py-2">
                <span className="font-semibold">{e.result}</span>
                {e.reason && <p className="text-slate-500">{e.reason}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
