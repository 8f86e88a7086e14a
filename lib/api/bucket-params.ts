import { connectionIdSchema } from "@/lib/schemas/connection";
import { bucketNameSchema } from "@/lib/schemas/listing";

export type Context = {
  params: Promise<{ connectionId: string; bucket: string; snapshotId?: string; ruleId?: string }>;
};

/** The connection and bucket of every route under a bucket (disabling ACLs, watching), validated. */
export async function bucketOf(context: Context) {
  const p = await context.params;
  return { connectionId: connectionIdSchema.parse(p.connectionId), bucket: bucketNameSchema.parse(p.bucket) };
}
