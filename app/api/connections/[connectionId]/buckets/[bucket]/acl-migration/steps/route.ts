import { NextResponse } from "next/server";
import { runStep } from "@/lib/api/acl-migration";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { stepRequestSchema } from "@/lib/schemas/acl-migration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/acl-migration/steps {snapshot, step, confirm: true, acceptBreakers?} -
// runs the snapshot's next cutover step (policy, bucket-acl, enforce, rescan), read back and audited
export const POST = handle<Context>("operator", async (request, context, user) => {
  const { connectionId, bucket } = await bucketOf(context);
  const input = stepRequestSchema.parse(await readJson(request));
  return NextResponse.json(await runStep(getDb(), connectionId, bucket, input, user!.username));
});
