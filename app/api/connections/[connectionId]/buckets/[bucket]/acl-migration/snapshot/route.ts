import { NextResponse } from "next/server";
import { snapshotBucket } from "@/lib/api/acl-migration";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { migrationOptionsSchema } from "@/lib/schemas/acl-migration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/acl-migration/snapshot {includePublic} - stores what the cutover acts on
// and the rollback restores: policy, bucket ACL, Object Ownership, every object's owner and grants; 201
export const POST = handle<Context>("operator", async (request, context, user) => {
  const { connectionId, bucket } = await bucketOf(context);
  const { includePublic } = migrationOptionsSchema.parse(await readJson(request));
  const snapshot = await snapshotBucket(getDb(), connectionId, bucket, includePublic, user!.username);
  return NextResponse.json(snapshot, { status: 201 });
});
