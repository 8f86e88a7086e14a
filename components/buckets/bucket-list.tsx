"use client";

import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useBuckets } from "@/lib/queries/browse";

export function BucketList({ connectionId }: { connectionId: string }) {
  const { data, error, isPending, refetch } = useBuckets(connectionId);
  if (isPending) return <SkeletonRows rows={3} />;
  if (error) return <ErrorPanel message={error.message} onRetry={() => refetch()} />;
  if (data.length === 0) return <EmptyState title="This connection can list no buckets" />;
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
      {data.map((b) => (
        <li key={b.name}>
          <Link
            href={`/connections/${encodeURIComponent(connectionId)}/buckets/${encodeURIComponent(b.name)}`}
            className="flex items-center justify-between px-4 py-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
          >
            <span className="font-medium">{b.name}</span>
            <span className="text-sm text-slate-500">
              {b.createdAt ? `created ${b.createdAt.slice(0, 10)}` : ""}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
