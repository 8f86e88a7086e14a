import "server-only";
import { notFound } from "next/navigation";
import { requireKnownBucket } from "@/lib/api/bucket-access";
import { pageUser } from "@/lib/api/session";
import { getDb } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import { AppError } from "@/lib/errors";
import type { Connection } from "@/lib/schemas/connection";
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

/**
 * A 404 for a bucket the connection neither lists nor has scanned, so that no page offers to scan a name that is not
 * there. Any other failure (S3 out of reach) lets the page render: its panels say what failed, and past scans show.
 */
export async function bucketOrNotFound(connection: Connection, bucket: string): Promise<void> {
  try {
    await requireKnownBucket(getDb(), connection, bucket);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
  }
}
