import Link from "next/link";
import { Suspense } from "react";
import { ScanDiff } from "@/components/audit/scan-diff";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { bucketPageParams } from "@/lib/api/bucket-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function ScanDiffPage({ params }: Props) {
  const { connection, bucket, bucketHref } = await bucketPageParams(params);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-500">
        <Link href="/" className="hover:underline">
          {connection.name}
        </Link>{" "}
        /{" "}
        <Link href={bucketHref} className="hover:underline">
          {bucket}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Compare scans</h1>
      <Suspense fallback={<SkeletonRows />}>
        <ScanDiff connectionId={connection.id} bucket={bucket} />
      </Suspense>
    </div>
  );
}
