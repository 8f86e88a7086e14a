import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import { bucketNameSchema } from "@/lib/schemas/listing";

/** A bucket page's route parameters, resolved to a known connection and a valid bucket name, or a 404. */
export async function bucketPageParams(params: Promise<{ connectionId: string; bucket: string }>) {
  const { connectionId, bucket: rawBucket } = await params;
  const bucket = decodeURIComponent(rawBucket);
  const connection = getConnection(getDb(), decodeURIComponent(connectionId));
  if (!connection || !bucketNameSchema.safeParse(bucket).success) notFound();
  const bucketHref = `/connections/${encodeURIComponent(connection.id)}/buckets/${encodeURIComponent(bucket)}`;
  return { connection, bucket, bucketHref };
}
