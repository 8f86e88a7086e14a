import { Suspense } from "react";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { WatchPage } from "@/components/watch/watch-page";
import { bucketPageParams } from "@/lib/api/bucket-page";
import { allows } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function WatchBucketPage({ params }: Props) {
  const { connection, bucket, user } = await bucketPageParams(params);
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold">Watch</h2>
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
