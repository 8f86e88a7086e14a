"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Time } from "@/components/ui/time";
import { useUrlState } from "@/lib/hooks/use-url-state";
import { useOverview, usePosture, type BucketOverviewDto } from "@/lib/queries/connections";
import { useStartScan } from "@/lib/queries/scans";

const sorts = {
  name: (a: BucketOverviewDto, b: BucketOverviewDto) => a.name.localeCompare(b.name),
  foreign: (a: BucketOverviewDto, b: BucketOverviewDto) =>
    (b.lastScan?.foreign ?? -1) - (a.lastScan?.foreign ?? -1) || a.name.localeCompare(b.name),
  scanned: (a: BucketOverviewDto, b: BucketOverviewDto) =>
    (b.lastScan?.finishedAt ?? "").localeCompare(a.lastScan?.finishedAt ?? "") ||
    a.name.localeCompare(b.name),
};
type SortKey = keyof typeof sorts;

const yes = <span className="text-emerald-700">yes</span>;
const no = <span className="font-medium text-red-700">no</span>;

/** A bucket's posture, read live: Object Ownership, blocking ACL grants, writer policy, versioning. */
function PostureCells({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const posture = usePosture(connectionId, bucket);
  if (posture.isPending)
    return (
      <td colSpan={4} className="px-3 py-2">
        <div className="h-4 animate-pulse rounded bg-slate-200" />
      </td>
    );
  if (posture.error)
    return (
      <td colSpan={4} className="px-3 py-2 text-xs text-red-700">
        {posture.error.message}
      </td>
    );
  const p = posture.data;
  const bofc = p.policy.readable ? (p.policy.requiresBucketOwnerFullControl ? yes : no) : "unreadable";
  return (
    <>
      <td className="px-3 py-2" data-testid="ownership">
        {p.objectOwnership.value}
        {!p.objectOwnership.confirmed && (
          <span className="ml-1 text-xs text-slate-500" title={p.objectOwnership.note ?? undefined}>
            (unconfirmed)
          </span>
        )}
      </td>
      <td className="px-3 py-2" data-testid="blocking-grants">
        {p.aclGrantsOutsideAccount.length === 0 ? (
          "none"
        ) : (
          <span className="font-medium text-amber-800">
            {p.aclGrantsOutsideAccount.length} block enforcing
          </span>
        )}
      </td>
      <td className="px-3 py-2" data-testid="requires-bofc">
        {bofc}
      </td>
      <td className="px-3 py-2">{p.versioning}</td>
    </>
  );
}

/** Every bucket of a connection with its posture and the last scan's foreign keys by account; sortable. */
export function BucketsOverview({ connectionId, canScan }: { connectionId: string; canScan: boolean }) {
  const overview = useOverview(connectionId);
  const { params, hrefWith } = useUrlState();
  const start = useStartScan();
  const router = useRouter();
  const sort = (params.get(`sort-${connectionId}`) ?? "name") as SortKey;
  if (overview.isPending) return <SkeletonRows rows={3} />;
  if (overview.error)
    return <ErrorPanel message={overview.error.message} onRetry={() => overview.refetch()} />;
  if (overview.data.length === 0)
    return (
      <EmptyState title="This connection can list no buckets">
        Check its identity with Test connection, or create a bucket.
      </EmptyState>
    );
  const rows = [...overview.data].sort(sorts[sort] ?? sorts.name);
  const bucketHref = (b: string) =>
    `/connections/${encodeURIComponent(connectionId)}/buckets/${encodeURIComponent(b)}`;
  const header = (key: SortKey | null, label: string) => (
    <th scope="col" className="px-3 py-2" aria-sort={key && sort === key ? "descending" : undefined}>
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
  return (
    // Positioned, so that what its cells position absolutely (screen-reader labels) is clipped with the table.
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" aria-label={`Buckets of ${connectionId}`}>
        <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
          <tr>
            {header("name", "Bucket")}
            {header(null, "Object Ownership")}
            {header(null, "ACL grants outside")}
            {header(null, "Writers must send bofc")}
            {header(null, "Versioning")}
            {header("foreign", "Foreign keys (last scan)")}
            {header("scanned", "Last scan")}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((b) => (
            <tr key={b.name} data-testid="bucket-row" data-bucket={b.name}>
              <td className="px-3 py-2 font-medium">
                <Link href={bucketHref(b.name)} className="text-sky-700 hover:underline">
                  {b.name}
                </Link>
              </td>
              <PostureCells connectionId={connectionId} bucket={b.name} />
              <td className="px-3 py-2" data-testid="foreign-keys">
                {b.lastScan === null ? (
                  <span className="text-slate-500">not scanned</span>
                ) : b.lastScan.foreign === 0 ? (
                  <span className="text-emerald-700">0</span>
                ) : (
                  <span>
                    <span className="text-foreign font-semibold">{b.lastScan.foreign.toLocaleString()}</span>
                    {b.lastScan.foreignNow !== b.lastScan.foreign && (
                      <span data-testid="foreign-now" className="ml-1 text-xs text-slate-600">
                        ({b.lastScan.foreignNow.toLocaleString()} after fixes since)
                      </span>
                    )}
                    <span className="block text-xs text-slate-500">
                      {b.lastScan.foreignByAccount
                        .map((a) => `${a.name ?? a.ownerId.slice(0, 12)}: ${a.objects.toLocaleString()}`)
                        .join(" · ")}
                    </span>
                  </span>
                )}
              </td>
              <td className="px-3 py-2 text-xs text-slate-600">
                {b.lastScan ? (
                  <Link
                    href={`${bucketHref(b.name)}?scan=${b.lastScan.id}`}
                    prefetch={false}
                    className="hover:underline"
                  >
                    #{b.lastScan.id} · <Time at={b.lastScan.finishedAt} relative />
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td className="px-3 py-2 text-right">
                {canScan && (
                  <button
                    type="button"
                    disabled={start.isPending}
                    onClick={() =>
                      start.mutate(
                        { connectionId, bucket: b.name, prefix: "", mode: "full", versions: false },
                        {
                          onSuccess: ({ scanId }) =>
                            router.push(
                              `${bucketHref(b.name)}?${new URLSearchParams({ scan: String(scanId) })}`,
                            ),
                        },
                      )
                    }
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
                  >
                    Scan
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {start.error && <ErrorPanel message={start.error.message} />}
    </div>
  );
}
