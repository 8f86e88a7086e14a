"use client";

import { FindingsTable } from "@/components/findings/findings-table";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Select } from "@/components/ui/field";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { formatTimestamp } from "@/lib/format";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useDiffFindings, useScanDiff } from "@/lib/queries/findings";
import { useScanList } from "@/lib/queries/scans";
import type { DiffKind } from "@/lib/schemas/scan";

const kinds: { kind: DiffKind; label: string; help: string }[] = [
  {
    kind: "new",
    label: "New foreign keys",
    help: "foreign in the later scan, not foreign (or absent) in the earlier",
  },
  {
    kind: "fixed",
    label: "Fixed",
    help: "foreign in the earlier scan, owned by the bucket owner in the later",
  },
  { kind: "gone", label: "Gone", help: "foreign in the earlier scan, absent from the later" },
];

/** Two scans of one bucket side by side: which foreign keys are new, which were fixed, which are gone. */
export function ScanDiff({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const { params, set } = useUrlState();
  const scans = useScanList(connectionId, bucket);
  const completed = (scans.data ?? []).filter((s) => s.status === "completed");
  const from = Number(params.get("from") ?? completed[1]?.id ?? 0);
  const to = Number(params.get("to") ?? completed[0]?.id ?? 0);
  const kind = (params.get("kind") ?? "new") as DiffKind;
  const summary = useScanDiff(from, to);
  const rows = useDiffFindings(from, to, kind);

  if (scans.isPending) return <SkeletonRows />;
  if (scans.error) return <ErrorPanel message={scans.error.message} onRetry={() => scans.refetch()} />;
  if (completed.length < 2)
    return (
      <EmptyState title="Two completed scans are needed to compare">
        Scan the bucket again after a fix (or later on) to see what changed.
      </EmptyState>
    );
  // A scan compared with itself shows nothing: each side leaves out the other's scan.
  const picker = (name: "from" | "to", label: string, value: number, other: number) => (
    <Field size="sm" className="max-w-full min-w-0">
      {label}
      <Select
        aria-label={label}
        value={String(value)}
        onChange={(e) => set({ [name]: e.target.value })}
        className="w-full min-w-0"
      >
        {completed.map((s) => (
          <option key={s.id} value={String(s.id)} disabled={s.id === other}>
            #{s.id} · {s.prefix || "whole bucket"} · {formatTimestamp(s.finishedAt)} UTC · {s.foreign} foreign
          </option>
        ))}
      </Select>
    </Field>
  );
  const list = rows.data?.pages.flatMap((p) => p.findings) ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        {picker("from", "Earlier scan", from, to)}
        {picker("to", "Later scan", to, from)}
      </div>
      {from === to && (
        <p role="status" data-testid="diff-same" className="text-sm text-amber-800">
          Both sides are scan #{from}: pick two different scans to see what changed.
        </p>
      )}
      {summary.error && <ErrorPanel message={summary.error.message} />}
      <div role="tablist" className="flex flex-wrap gap-2">
        {kinds.map((k) => (
          <Button
            key={k.kind}
            role="tab"
            aria-selected={kind === k.kind}
            title={k.help}
            data-testid={`diff-${k.kind}`}
            onClick={() => set({ kind: k.kind === "new" ? null : k.kind })}
            variant="choice"
            selected={kind === k.kind}
          >
            {k.label}: <span className="font-semibold">{summary.data?.counts[k.kind] ?? "…"}</span>
          </Button>
        ))}
      </div>
      {from === to ? null : rows.isPending ? (
        <SkeletonRows />
      ) : rows.error ? (
        <ErrorPanel message={rows.error.message} onRetry={() => rows.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState title="No keys of this kind between these scans" />
      ) : (
        <FindingsTable
          rows={list}
          hasMore={rows.hasNextPage}
          loadingMore={rows.isFetchingNextPage}
          loadMore={rows.fetchNextPage}
          selected={null}
          onSelectedChange={() => undefined}
          onFix={null}
          rowTestId="diff-row"
        />
      )}
    </div>
  );
}
