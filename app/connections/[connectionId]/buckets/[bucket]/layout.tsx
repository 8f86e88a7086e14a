import { bucketOrNotFound, bucketPageParams } from "@/lib/api/bucket-page";
import type { ReactNode } from "react";

type Props = { children: ReactNode; params: Promise<{ connectionId: string; bucket: string }> };

/**
 * Every page of a bucket (findings, report, audit log, compare), after one check that the bucket is there: a name
 * the connection neither lists nor has scanned gets the not-found page, never an offer to scan it.
 */
export default async function BucketLayout({ children, params }: Props) {
  const { connection, bucket } = await bucketPageParams(params);
  await bucketOrNotFound(connection, bucket);
  return children;
}
