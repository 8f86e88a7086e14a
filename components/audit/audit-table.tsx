"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Cell, TableHead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { grantsText } from "@/lib/export/audit-csv";
import { useAudit } from "@/lib/queries/fixes";

/** An account by the name the connection gives it (its canonical ID on hover), else by its ID. */
function Owner({ id, name }: { id: string | null; name: string | null }) {
  if (!id) return <>—</>;
  return name ? (
    <span title={id} className="font-medium">
      {name}
    </span>
  ) : (
    <code className="inline-block max-w-40 truncate align-bottom" title={id}>
      {id}
    </code>
  );
}

/** Every fix action on the bucket: who, when, which object, strategy, before and after, result. */
export function AuditTable({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const audit = useAudit(connectionId, bucket);
  if (audit.isPending) return <SkeletonRows />;
  if (audit.error) return <ErrorPanel message={audit.error.message} onRetry={() => audit.refetch()} />;
  const entries = audit.data.pages.flatMap((p) => p.entries);
  if (entries.length === 0)
    return (
      <EmptyState title="No fix has run on this bucket yet">Scan it, then fix a foreign object.</EmptyState>
    );
  return (
    <div className="space-y-3">
      <div className={`${boxClass} relative overflow-x-auto`}>
        <table className="w-full text-left text-xs">
          <TableHead
            className=""
            labels={[
              "When",
              "Who",
              "Object",
              "Action",
              "Owner before → after",
              "Bucket owner access",
              "Result",
            ]}
          />
          <tbody className="divide-y divide-slate-100">
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-key={e.key ?? "*"} data-result={e.result}>
                <Cell className="whitespace-nowrap">
                  <Time at={e.at} seconds />
                </Cell>
                <Cell>
                  {e.actor}
                  {e.jobId !== null && <span className="text-slate-500"> · job {e.jobId}</span>}
                </Cell>
                <td className="max-w-xs truncate px-3 py-2 font-mono" title={e.key ?? "whole bucket"}>
                  {e.key ?? "whole bucket"}
                </td>
                <Cell>{e.action}</Cell>
                <Cell className="whitespace-nowrap">
                  <Owner id={e.ownerBefore} name={e.ownerBeforeName} /> →{" "}
                  <Owner id={e.ownerAfter} name={e.ownerAfterName} />
                </Cell>
                <Cell>
                  {e.accessBefore ?? "—"} → {e.accessAfter ?? "—"}
                  {(e.grantsBefore || e.grantsAfter) && (
                    <details className="text-slate-500">
                      <summary className="cursor-pointer">grants</summary>
                      <p>before: {grantsText(e.grantsBefore) ?? "not read"}</p>
                      <p>after: {grantsText(e.grantsAfter) ?? "not read"}</p>
                    </details>
                  )}
                </Cell>
                <Cell>
                  <span className="font-semibold">{e.result}</span>
                  {e.reason && <p className="text-slate-500">{e.reason}</p>}
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="flex items-center gap-3 text-sm text-slate-600">
        <span data-testid="audit-count">{entries.length.toLocaleString("en-US")} entries shown</span>
        {audit.hasNextPage && (
          <Button
            disabled={audit.isFetchingNextPage}
            onClick={() => audit.fetchNextPage()}
            variant="secondary"
            size="sm"
          >
            {audit.isFetchingNextPage ? "Loading…" : "Load older entries"}
          </Button>
        )}
      </p>
    </div>
  );
}
