"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { OwnerCell } from "@/components/objects/owner-cell";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { FolderIcon } from "@/components/ui/folder-icon";
import { PrefixBreadcrumbs } from "@/components/ui/prefix-breadcrumbs";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Time } from "@/components/ui/time";
import { VirtualTable, type VirtualColumn } from "@/components/ui/virtual-table";
import { formatBytes } from "@/lib/format";
import { useObjects } from "@/lib/queries/browse";
import type { ObjectListingDto, ObjectRowDto } from "@/lib/schemas/listing";

type Row = ({ kind: "folder" } & ObjectListingDto["folders"][number]) | ({ kind: "object" } & ObjectRowDto);

function ObjectCell({ id, o }: { id: "owner" | "size" | "modified" | "class"; o: ObjectRowDto }) {
  if (id === "owner")
    return (
      <td className="truncate px-4">
        <OwnerCell owner={o.owner} />
      </td>
    );
  if (id === "size") return <td className="px-4 text-right tabular-nums">{formatBytes(o.size)}</td>;
  if (id === "modified")
    return (
      <td className="px-4 text-xs text-slate-600">
        <Time at={o.lastModified} />
      </td>
    );
  return <td className="truncate px-4 text-slate-600">{o.storageClass}</td>;
}

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
  const router = useRouter();
  const [active, setActive] = useState(0);
  const rows: Row[] = [
    ...folders.map((f) => ({ kind: "folder" as const, ...f })),
    ...objects.map((o) => ({ kind: "object" as const, ...o })),
  ];
  const columns: VirtualColumn<Row>[] = [
    {
      id: "name",
      header: "Name",
      cell: (r) =>
        r.kind === "folder" ? (
          <td className="truncate px-4" colSpan={5}>
            <Link
              href={hrefFor(r.prefix)}
              prefetch={false}
              onClick={(e) => e.stopPropagation()}
              className="font-medium text-sky-700 hover:underline"
            >
              <FolderIcon /> {r.name}
            </Link>
          </td>
        ) : (
          <td className="truncate px-4 font-mono text-xs" title={r.key}>
            {r.name}
          </td>
        ),
    },
    ...(["owner", "size", "modified", "class"] as const).map((id): VirtualColumn<Row> => ({
      id,
      header: { owner: "Owner", size: "Size", modified: "Last modified", class: "Storage class" }[id],
      width: { owner: "14rem", size: "6rem", modified: "11rem", class: "9rem" }[id],
      wideOnly: id !== "owner",
      headerClassName: id === "size" ? "text-right" : undefined,
      cell: (r) => (r.kind === "folder" ? null : <ObjectCell id={id} o={r} />),
    })),
  ];

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
        <VirtualTable
          label="Objects"
          rows={rows}
          columns={columns}
          rowKey={(r) => (r.kind === "folder" ? `folder:${r.prefix}` : r.key)}
          rowProps={(r) =>
            r.kind === "folder"
              ? { "data-testid": "folder-row" }
              : {
                  "data-testid": "object-row",
                  "data-key": r.key,
                  "data-foreign": r.owner.foreign ? "true" : "false",
                  className: r.owner.foreign ? "bg-amber-50" : undefined,
                }
          }
          hasMore={query.hasNextPage}
          loadingMore={query.isFetchingNextPage}
          loadMore={query.fetchNextPage}
          activeIndex={active}
          onActiveIndexChange={setActive}
          onActivate={(r) => r.kind === "folder" && router.push(hrefFor(r.prefix), { scroll: false })}
        />
      )}
    </div>
  );
}
