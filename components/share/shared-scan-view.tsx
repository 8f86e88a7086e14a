"use client";

import { FindingsTable } from "@/components/findings/findings-table";
import { statusLabels } from "@/components/scans/status-badge";
import { Badge } from "@/components/ui/badge";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Time } from "@/components/ui/time";
import { objectStatuses } from "@/lib/audit/types";
import { useSharedFindings } from "@/lib/queries/share";

type Shared = {
  view: Record<string, string>;
  expiresAt: number;
  scan: {
    id: number;
    bucket: string;
    prefix: string;
    mode: string;
    status: string;
    byStatus: Record<string, number>;
    foreign: number;
    classified: number;
    createdAt: string;
  };
};

export function SharedScanView({ token, initial }: { token: string; initial: Shared }) {
  const findings = useSharedFindings(token);
  const { scan, view } = initial;
  const rows = findings.data?.pages.flatMap((p) => p.findings) ?? [];
  const filters = Object.entries(view).map(([k, v]) => `${k}: ${v}`);
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          Shared read-only view · expires <Time at={initial.expiresAt} relative />
        </p>
        <h1 className="text-2xl font-semibold">
          {scan.bucket}
          {scan.prefix && <span className="text-slate-500">/{scan.prefix}</span>}
        </h1>
        <p className="text-sm text-slate-600">
          Scan #{scan.id} ({scan.mode}, {scan.status}) of <Time at={scan.createdAt} relative /> ·{" "}
          {scan.classified} keys · {scan.foreign} owned by another account
          {filters.length > 0 && ` · filtered by ${filters.join(", ")}`}
        </p>
      </div>
      <div className="flex flex-wrap gap-2 text-xs">
        {objectStatuses.map((s) => (
          <Badge key={s} testId={`shared-count-${s}`}>
            {statusLabels[s]}: {scan.byStatus[s] ?? 0}
          </Badge>
        ))}
      </div>
      {findings.isPending ? (
        <SkeletonRows />
      ) : findings.error ? (
        <ErrorPanel message={findings.error.message} onRetry={() => findings.refetch()} />
      ) : (
        <FindingsTable
          rows={rows}
          hasMore={findings.hasNextPage}
          loadingMore={findings.isFetchingNextPage}
          loadMore={findings.fetchNextPage}
          selected={null}
          onSelectedChange={() => undefined}
          onFix={null}
          rowTestId="shared-row"
        />
      )}
    </div>
  );
}
