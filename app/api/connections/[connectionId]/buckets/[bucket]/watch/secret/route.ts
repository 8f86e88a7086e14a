import { NextResponse } from "next/server";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { rotateSecret } from "@/lib/api/watch";
import { getDb } from "@/lib/db";
import { rotateSecretSchema } from "@/lib/schemas/watch";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/watch/secret {graceHours} - a new intake secret for the bucket; the old
// one is accepted for the grace period, then refused (an admin's: the secret lets a sender make events)
export const POST = handle<Context>("admin", async (request, context, user) => {
  const { connectionId, bucket } = await bucketOf(context);
  const input = rotateSecretSchema.parse(await readJson(request));
  return NextResponse.json(await rotateSecret(getDb(), connectionId, bucket, input, user!.username));
});
