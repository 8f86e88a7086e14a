import Link from "next/link";
import { Suspense } from "react";
import { BucketWorkspace } from "@/components/objects/bucket-workspace";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { bucketPageParams } from "@/lib/api/bucket-page";
import { allows } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function BucketPage({ params }: Props) {
  const { connection, bucket, bucketHref, user } = await bucketPageParams(params);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-500">
        <Link href="/" className="hover:underline">
          {connection.name}
        </Link>{" "}
        / bucket
      </p>
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{bucket}</h1>
        <span className="flex gap-4 text-sm">
          <Link href={`${bucketHref}/diff`} className="text-sky-700 hover:underline">
            Compare scans
          </Link>
          <Link href={`${bucketHref}/audit`} className="text-sky-700 hover:underline">
            Audit log
          </Link>
          <Link href={`${bucketHref}/acl-migration`} className="text-sky-700 hover:underline">
            Disable ACLs
          </Link>
          <Link href={`${bucketHref}/watch`} className="text-sky-700 hover:underline">
            Watch
          </Link>
        </span>
      </div>
      <Suspense fallback={<SkeletonRows />}>
        <BucketWorkspace
          connectionId={connection.id}
          bucket={bucket}
          canOperate={allows(user.role, "operator")}
          bucketHref={bucketHref}
        />
      </Suspense>
    </div>
  );
}
