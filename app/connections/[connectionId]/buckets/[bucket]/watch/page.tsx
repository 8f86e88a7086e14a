import { Suspense } from "react";
import { BucketCrumbs } from "@/components/ui/bucket-crumbs";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { WatchPage } from "@/components/watch/watch-page";
import { bucketPageParams } from "@/lib/api/bucket-page";
import { allows } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function WatchBucketPage({ params }: Props) {
  const { connection, bucket, bucketHref, user } = await bucketPageParams(params);
  return (
    <div className="space-y-4">
      <BucketCrumbs connectionName={connection.name} bucket={bucket} bucketHref={bucketHref} />
      <h1 className="text-2xl font-semibold">Watch</h1>
      <Suspense fallback={<SkeletonRows />}>
        <WatchPage
          connectionId={connection.id}
          bucket={bucket}
          canOperate={allows(user.role, "operator")}
          isAdmin={allows(user.role, "admin")}
        />
      </Suspense>
    </div>
  );
}
