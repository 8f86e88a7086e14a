import "server-only";
import { notFound } from "next/navigation";
import { pageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import { bucketNameSchema } from "@/lib/schemas/listing";

/** A bucket page's route parameters for a signed-in viewer: a known connection and a valid bucket, or a 404. */
export async function bucketPageParams(params: Promise<{ connectionId: string; bucket: string }>) {
  const { connectionId, bucket: rawBucket } = await params;
  const user = await pageUser("viewer", `/connections/${connectionId}/buckets/${rawBucket}`);
  const bucket = decodeURIComponent(rawBucket);
  const connection = getConnection(getDb(), decodeURIComponent(connectionId));
  if (!connection || !bucketNameSchema.safeParse(bucket).success) notFound();
  const bucketHref = `/connections/${encodeURIComponent(connection.id)}/buckets/${encodeURIComponent(bucket)}`;
  return { connection, bucket, bucketHref, user };
}
