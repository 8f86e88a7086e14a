"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConnectionTotals } from "@/components/buckets/connection-totals";
import { isStale, ScanStaleButton } from "@/components/buckets/scan-stale-button";
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

// The live settings' columns: left out on a phone, where the bucket, its foreign keys and its scan need the room.
const live = "hidden px-3 py-2 md:table-cell";

/** A bucket's posture, read live: Object Ownership, blocking ACL grants, writer policy, versioning. */
function PostureCells({
  connectionId,
  bucket,
  reachable,
}: {
  connectionId: string;
  bucket: string;
  /** False when S3 did not answer the listing: no live read is tried. */
  reachable: boolean;
}) {
  const posture = usePosture(connectionId, bucket, reachable);
  if (!reachable)
    return (
      <td colSpan={4} data-testid="live-unavailable" className={`${live} text-xs text-slate-500`}>
        unavailable while S3 does not answer
      </td>
    );
  if (posture.isPending)
    return (
      <td colSpan={4} className={live}>
        <div className="h-4 animate-pulse rounded bg-slate-200" />
      </td>
    );
  if (posture.error)
    return (
      <td colSpan={4} className={`${live} text-xs text-red-700`}>
        {posture.error.message}
      </td>
    );
  const p = posture.data;
  const bofc = p.policy.readable ? (p.policy.requiresBucketOwnerFullControl ? yes : no) : "unreadable";
  return (
    <>
      <td className={live} data-testid="ownership">
        {p.objectOwnership.value}
        {!p.objectOwnership.confirmed && (
          <span className="ml-1 text-xs text-slate-500" title={p.objectOwnership.note ?? undefined}>
            (unconfirmed)
          </span>
        )}
      </td>
      <td className={live} data-testid="blocking-grants">
        {p.aclGrantsOutsideAccount.length === 0 ? (
          "none"
        ) : (
          <span className="font-medium text-amber-800">
            {p.aclGrantsOutsideAccount.length} block enforcing
          </span>
        )}
      </td>
      <td className={live} data-testid="requires-bofc">
        {bofc}
      </td>
      <td className={live}>{p.versioning}</td>
    </>
  );
}

/** Every bucket of a connection with its posture and the last scan's foreign keys by account; sortable. */
export function BucketsOverview({ connectionId, canScan }: { connectionId: string; canScan: boolean }) {
  const overview = useOverview(connectionId);
  const { params, hrefWith } = useUrlState();
  const start = useStartScan();
  // Each row's Scan waits on its own request: starting one leaves the others usable.
  const [starting, setStarting] = useState<ReadonlySet<string>>(new Set());
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
          <button type="button" onClick={() => overview.refetch()} className="font-medium underline">
            Try again
          </button>
        </p>
      )}
      {!unavailable && <ConnectionTotals connectionId={connectionId} buckets={buckets} />}
      {canScan && !unavailable && <ScanStaleButton connectionId={connectionId} stale={stale} />}
      {/* Positioned, so that what its cells position absolutely (screen-reader labels) is clipped with the table. */}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" aria-label={`Buckets of ${connectionId}`}>
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
          <tbody className="divide-y divide-slate-100">
            {rows.map((b) => (
              <tr key={b.name} data-testid="bucket-row" data-bucket={b.name}>
                <td className="px-3 py-2 font-medium wrap-anywhere">
                  {/* The bucket leads to its findings (its newest scan); the live listing is beside it. */}
                  <Link
                    href={b.lastScan ? `${bucketHref(b.name)}?scan=${b.lastScan.id}` : bucketHref(b.name)}
                    // A view of a page (a query) is fetched when chosen, never ahead.
                    prefetch={b.lastScan ? false : undefined}
                    className="text-sky-700 hover:underline"
                  >
                    {b.name}
                  </Link>
                  {b.lastScan && (
                    <Link
                      href={bucketHref(b.name)}
                      prefetch={false}
                      className="block text-xs font-normal text-slate-500 hover:underline"
                    >
                      live listing
                    </Link>
                  )}
                </td>
                <PostureCells connectionId={connectionId} bucket={b.name} reachable={!unavailable} />
                <td className="px-3 py-2" data-testid="foreign-keys">
                  {b.lastScan === null ? (
                    <span className="text-slate-500">not scanned</span>
                  ) : b.lastScan.foreign === 0 ? (
                    <span className="text-emerald-700">0</span>
                  ) : (
                    <span>
                      <span className="text-foreign font-semibold">
                        {b.lastScan.foreign.toLocaleString()}
                      </span>
                      {b.lastScan.newSincePrevious && b.lastScan.newSincePrevious.count > 0 && (
                        <Link
                          data-testid="new-since"
                          href={`${bucketHref(b.name)}/diff?${new URLSearchParams({
                            from: String(b.lastScan.newSincePrevious.previousScanId),
                            to: String(b.lastScan.id),
                            kind: "new",
                          })}`}
                          prefetch={false}
                          title="The keys: Compare scans"
                          className="ml-1 text-xs font-medium text-red-700 hover:underline"
                        >
                          +{b.lastScan.newSincePrevious.count.toLocaleString()} new since #
                          {b.lastScan.newSincePrevious.previousScanId}
                        </Link>
                      )}
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
                  {/* After the scan's count: the cell's text starts with it (sorting and reading rely on that). */}
                  {b.live && (
                    <Link
                      data-testid="live-count"
                      href={`${bucketHref(b.name)}/watch`}
                      prefetch={false}
                      className={`block text-xs font-medium hover:underline ${b.live.alerting > 0 ? "text-red-700" : "text-emerald-700"}`}
                    >
                      Watched: {b.live.alerting.toLocaleString()} arrived foreign
                    </Link>
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
                      disabled={starting.has(b.name)}
                      onClick={() => {
                        setStarting((s) => new Set(s).add(b.name));
                        // Per call, not per mutation: a second row's click must not drop the first's ending.
                        start
                          .mutateAsync({
                            connectionId,
                            bucket: b.name,
                            prefix: "",
                            mode: "full",
                            versions: false,
                          })
                          .then(({ scanId }) =>
                            router.push(
                              `${bucketHref(b.name)}?${new URLSearchParams({ scan: String(scanId) })}`,
                            ),
                          )
                          .catch(() => undefined) // shown below the table: the mutation's error
                          .finally(() =>
                            setStarting((s) => new Set([...s].filter((name) => name !== b.name))),
                          );
                      }}
                      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
                    >
                      {starting.has(b.name) ? "Starting…" : "Scan"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {start.error && <ErrorPanel message={start.error.message} />}
      </div>
    </div>
  );
}
