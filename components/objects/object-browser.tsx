"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { FolderIcon } from "@/components/ui/folder-icon";
import { OwnerCell } from "@/components/objects/owner-cell";
import { PrefixBreadcrumbs } from "@/components/ui/prefix-breadcrumbs";
import { useObjects } from "@/lib/queries/browse";
import { formatBytes } from "@/lib/format";

/** Keys under the URL's prefix, folders first, each key with its owner and a flag when it is foreign. */
export function ObjectBrowser({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const pathname = usePathname();
  const prefix = useSearchParams().get("prefix") ?? "";
  const query = useObjects(connectionId, bucket, prefix);
  const hrefFor = (p: string) => (p ? `${pathname}?${new URLSearchParams({ prefix: p })}` : pathname);

  const pages = query.data?.pages ?? [];
  const first = pages[0];
  const folders = pages.flatMap((p) => p.folders);
  const objects = pages.flatMap((p) => p.objects);
  const foreignCount = objects.filter((o) => o.owner.foreign).length;

  return (
    <div className="space-y-3">
      <PrefixBreadcrumbs bucket={bucket} prefix={prefix} hrefFor={hrefFor} />

      {first && (
        <p className="text-sm text-slate-600" data-testid="listing-summary">
          Bucket owner <code className="rounded bg-slate-100 px-1">{first.bucketOwner.id}</code>
          {first.bucketOwner.name && <> ({first.bucketOwner.name})</>} · {objects.length}{" "}
          {objects.length === 1 ? "key" : "keys"} shown
          {foreignCount > 0 && (
            <span className="text-foreign ml-2 font-medium">{foreignCount} owned by another account</span>
          )}
        </p>
      )}

      {query.isPending ? (
        <SkeletonRows />
      ) : query.error ? (
        <ErrorPanel message={query.error.message} onRetry={() => query.refetch()} />
      ) : folders.length === 0 && objects.length === 0 ? (
        <EmptyState title="Nothing here">No keys under this prefix.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Name
                </th>
                <th scope="col" className="px-4 py-2">
                  Owner
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Size
                </th>
                <th scope="col" className="px-4 py-2">
                  Last modified
                </th>
                <th scope="col" className="px-4 py-2">
                  Storage class
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {folders.map((f) => (
                <tr key={`folder:${f.prefix}`} data-testid="folder-row">
                  <td className="px-4 py-2" colSpan={5}>
                    <Link href={hrefFor(f.prefix)} className="font-medium text-sky-700 hover:underline">
                      <FolderIcon /> {f.name}
                    </Link>
                  </td>
                </tr>
              ))}
              {objects.map((o) => (
                <tr
                  key={o.key}
                  data-testid="object-row"
                  data-key={o.key}
                  data-foreign={o.owner.foreign ? "true" : "false"}
                  className={o.owner.foreign ? "bg-amber-50" : undefined}
                >
                  <td className="max-w-md truncate px-4 py-2 font-mono text-xs" title={o.key}>
                    {o.name}
                  </td>
                  <td className="px-4 py-2">
                    <OwnerCell owner={o.owner} />
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatBytes(o.size)}</td>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                    {o.lastModified?.replace("T", " ").slice(0, 19) ?? "—"}
                  </td>
                  <td className="px-4 py-2 text-slate-600">{o.storageClass}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {query.hasNextPage && (
        <button
          type="button"
          onClick={() => query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
