import { Suspense } from "react";
import { MigrationPage } from "@/components/acl-migration/migration-page";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { bucketPageParams } from "@/lib/api/bucket-page";
import { allows } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function AclMigrationPage({ params }: Props) {
  const { connection, bucket, bucketHref, user } = await bucketPageParams(params);
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold">Disable ACLs</h2>
      <p className="max-w-3xl text-sm text-slate-700">
        Object Ownership <strong>BucketOwnerEnforced</strong> makes the bucket owner the owner of every object
        at once and turns ACLs off. Before that: what blocks it, who loses access, whose writes will be
        refused, and a bucket policy that keeps what the ACLs grant.
      </p>
      <Suspense fallback={<SkeletonRows />}>
        <MigrationPage
          connectionId={connection.id}
          bucket={bucket}
          canOperate={allows(user.role, "operator")}
          bucketHref={bucketHref}
        />
      </Suspense>
    </div>
  );
}
