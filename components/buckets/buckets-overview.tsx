"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { BucketRow, live } from "@/components/buckets/bucket-row";
import { ConnectionTotals } from "@/components/buckets/connection-totals";
import { isStale, ScanStaleButton } from "@/components/buckets/scan-stale-button";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Table } from "@/components/ui/table";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useOverview } from "@/lib/queries/connections";
import { useStartScan } from "@/lib/queries/scans";
import type { BucketOverviewDto } from "@/lib/schemas/connection";

const sorts = {
  name: (a: BucketOverviewDto, b: BucketOverviewDto) => a.name.localeCompare(b.name),
  foreign: (a: BucketOverviewDto, b: BucketOverviewDto) =>
    (b.lastScan?.foreign ?? -1) - (a.lastScan?.foreign ?? -1) || a.name.localeCompare(b.name),
  scanned: (a: BucketOverviewDto, b: BucketOverviewDto) =>
    (b.lastScan?.finishedAt ?? "").localeCompare(a.lastScan?.finishedAt ?? "") ||
    a.name.localeCompare(b.name),
};
type SortKey = keyof typeof sorts;

/** Every bucket of a connection with its posture and the last scan's foreign keys by account; sortable. */
export function BucketsOverview({ connectionId, canScan }: { connectionId: string; canScan: boolean }) {
  const overview = useOverview(connectionId);
  const { params, hrefWith } = useUrlState();
  const start = useStartScan();
  const [now] = useState(() => Date.now());
  const router = useRouter();
  const sort = (params.get(`sort-${connectionId}`) ?? "name") as SortKey;
  if (overview.isPending) return <SkeletonRows rows={3} />;
  if (overview.error)
    return <ErrorPanel message={overview.error.message} onRetry={() => overview.refetch()} />;
  const { buckets, unavailable } = overview.data;
  if (buckets.length === 0 && !unavailable)
    return (
      <EmptyState title="This connection can list no buckets">
        Check its identity with Test connection, or create a bucket.
      </EmptyState>
    );
  const rows = [...buckets].sort(sorts[sort] ?? sorts.name);
  const bucketHref = (b: string) =>
    `/connections/${encodeURIComponent(connectionId)}/buckets/${encodeURIComponent(b)}`;
  const header = (key: SortKey | null, label: string, hint: string, className = "px-3 py-2") => (
    <th
      scope="col"
      title={hint}
      className={className}
      aria-sort={key && sort === key ? "descending" : undefined}
    >
      {key ? (
        <Link
          href={hrefWith({ [`sort-${connectionId}`]: key === "name" ? null : key })}
          // A sort of this same page: nothing to fetch ahead.
          prefetch={false}
          scroll={false}
          className="hover:underline"
        >
          {label}
          {sort === key ? " ▾" : ""}
        </Link>
      ) : (
        label
      )}
    </th>
  );
  const stale = rows.filter((b) => isStale(b, now)).map((b) => b.name);
  // Per call, not per mutation: a second row's click must not drop the first's ending.
  const scanBucket = (bucket: string) =>
    start
      .mutateAsync({ connectionId, bucket, prefix: "", mode: "full", versions: false })
      .then(({ scanId }) =>
        router.push(`${bucketHref(bucket)}?${new URLSearchParams({ scan: String(scanId) })}`),
      )
      .catch(() => undefined); // shown below the table: the mutation's error
  return (
    <div className="space-y-3" data-connection={connectionId}>
      {unavailable && (
        <p
          role="status"
          data-testid="overview-unavailable"
          className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm"
        >
          S3 did not answer the bucket listing ({unavailable}). Shown: the buckets this server has scanned or
          watches, with their stored figures; the live settings are unavailable until S3 answers.{" "}
          <Button onClick={() => overview.refetch()} variant="plain" className="font-medium underline">
            Try again
          </Button>
        </p>
      )}
      {!unavailable && <ConnectionTotals connectionId={connectionId} buckets={buckets} />}
      {canScan && !unavailable && <ScanStaleButton connectionId={connectionId} stale={stale} />}
      {/* Positioned, so that what its cells position absolutely (screen-reader labels) is clipped with the table. */}
      <div className={`${boxClass} relative overflow-x-auto`}>
        <Table aria-label={`Buckets of ${connectionId}`}>
          <OverviewHead header={header} />
          <tbody className="divide-y divide-slate-100">
            {rows.map((b) => (
              <BucketRow
                key={b.name}
                connectionId={connectionId}
                bucket={b}
                href={bucketHref(b.name)}
                reachable={!unavailable}
                canScan={canScan}
                onScan={() => scanBucket(b.name)}
              />
            ))}
          </tbody>
        </Table>
        {start.error && <ErrorPanel message={start.error.message} />}
      </div>
    </div>
  );
}

type Header = (key: SortKey | null, label: string, hint: string, className?: string) => React.ReactNode;

/** The overview's columns, each with what it means on hover; the sortable ones are links. */
function OverviewHead({ header }: { header: Header }) {
  return (
    <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
      <tr>
        {header("name", "Bucket", "The connection's buckets, as its ListBuckets answers")}
        {header(
          null,
          "Object Ownership",
          "BucketOwnerEnforced: ACLs are off and the bucket owner owns every object. Otherwise writers can own theirs.",
          live,
        )}
        {header(
          null,
          "ACL grants outside",
          "Grants of the bucket ACL to other accounts or groups: they must move to the policy before enforcing.",
          live,
        )}
        {header(
          null,
          "Writers must send bofc",
          "Whether the bucket policy refuses a PutObject without bucket-owner-full-control: no means new foreign keys can appear.",
          live,
        )}
        {header(
          null,
          "Versioning",
          "Versioning of the bucket: a fix of a versioned object writes a new version.",
          live,
        )}
        {header(
          "foreign",
          "Foreign keys (last scan)",
          "Keys another account owns, in the bucket's newest completed scan, by account; new: not in the scan before.",
        )}
        {header("scanned", "Last scan", "When the bucket's newest completed scan ended")}
        <th scope="col" className="px-3 py-2">
          <span className="sr-only">Actions</span>
        </th>
      </tr>
    </thead>
  );
}
