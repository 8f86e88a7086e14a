"use client";

import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Cell, Table, TableHead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useFixJobs } from "@/lib/queries/fixes";

/** Every fix job of the bucket, past and running: what each did, who started it, and a link to its results. */
export function FixJobsList({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const jobs = useFixJobs(connectionId, bucket);
  const { hrefWith } = useUrlState();
  if (jobs.isPending) return <SkeletonRows rows={3} />;
  if (jobs.error) return <ErrorPanel message={jobs.error.message} onRetry={() => jobs.refetch()} />;
  if (jobs.data.length === 0)
    return <EmptyState title="No fix job yet">Fix keys from the findings: each job is kept here.</EmptyState>;
  return (
    <div className={`${boxClass} overflow-x-auto`}>
      <Table aria-label={`Fix jobs of ${bucket}`}>
        <TableHead labels={["Job", "Status", "Results", "Strategy", "Started"]} />
        <tbody className="divide-y divide-slate-100">
          {jobs.data.map((j) => (
            <tr key={j.id} data-testid="fix-job-row" data-job={j.id} data-status={j.status}>
              <Cell className="whitespace-nowrap">
                <Link
                  href={hrefWith({
                    fix: String(j.id),
                    tab: null,
                    ...(j.scanId ? { scan: String(j.scanId) } : {}),
                  })}
                  prefetch={false}
                  scroll={false}
                  className="font-medium text-sky-700 hover:underline"
                >
                  #{j.id}
                </Link>
                {j.scanId && <span className="ml-1 text-xs text-slate-500">from scan #{j.scanId}</span>}
              </Cell>
              <Cell>{j.status}</Cell>
              <Cell className="text-xs text-slate-600 tabular-nums">
                {j.counts.fixed.toLocaleString()} fixed · {j.counts.skipped.toLocaleString()} skipped ·{" "}
                {j.counts.failed.toLocaleString()} failed · {j.counts["changed-since-scan"].toLocaleString()}{" "}
                changed
                {j.status === "running" && ` · ${j.done.toLocaleString()} of ${j.total.toLocaleString()}`}
              </Cell>
              <Cell className="text-xs">{j.requestedStrategy ?? "default for each object"}</Cell>
              <Cell className="text-xs text-slate-600">
                <Time at={j.createdAt} relative /> by {j.actor}
              </Cell>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
