import { BucketHeader } from "@/components/ui/bucket-header";
import { bucketOrNotFound, bucketPageParams } from "@/lib/api/bucket-page";
import { getDb } from "@/lib/db";
import { listScans } from "@/lib/db/scans";
import type { ReactNode } from "react";

type Props = { children: ReactNode; params: Promise<{ connectionId: string; bucket: string }> };

/**
 * Every page of a bucket (findings, report, audit log, compare, watch, disable ACLs), after one check that the
 * bucket is there: a name the connection neither lists nor has scanned gets the not-found page, never an offer to
 * scan it. Above each: where it is, and the bucket's other pages.
 */
export default async function BucketLayout({ children, params }: Props) {
  const { connection, bucket, bucketHref } = await bucketPageParams(params);
  await bucketOrNotFound(connection, bucket);
  const latest = listScans(getDb(), { connectionId: connection.id, bucket, limit: 1 })[0];
  return (
    <div className="space-y-3">
      <BucketHeader
        connectionName={connection.name}
        bucket={bucket}
        bucketHref={bucketHref}
        latestScanId={latest?.id ?? null}
      />
      {children}
    </div>
  );
}
