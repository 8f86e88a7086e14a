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
    <Suspense fallback={<SkeletonRows />}>
      <BucketWorkspace
        connectionId={connection.id}
        bucket={bucket}
        canOperate={allows(user.role, "operator")}
        bucketHref={bucketHref}
      />
    </Suspense>
  );
}
