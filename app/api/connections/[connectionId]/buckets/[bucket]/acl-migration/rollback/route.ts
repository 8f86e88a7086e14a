import { NextResponse } from "next/server";
import { rollbackBucket } from "@/lib/api/acl-migration";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { rollbackRequestSchema } from "@/lib/schemas/acl-migration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/acl-migration/rollback {snapshot, confirm: true} - puts back the
// snapshot's policy and bucket ACL, then its Object Ownership; each step read back and audited
export const POST = handle<Context>("operator", async (request, context, user) => {
  const { connectionId, bucket } = await bucketOf(context);
  const { snapshot } = rollbackRequestSchema.parse(await readJson(request));
  return NextResponse.json(await rollbackBucket(getDb(), connectionId, bucket, snapshot, user!.username));
});
