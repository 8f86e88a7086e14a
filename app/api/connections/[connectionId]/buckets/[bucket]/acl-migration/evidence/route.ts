import { NextResponse } from "next/server";
import { readEvidence } from "@/lib/api/acl-migration";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { evidenceRequestSchema } from "@/lib/schemas/acl-migration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/acl-migration/evidence {accessLogs?, cloudTrail?, since?} - reads the
// logs under those s3:// prefixes and keeps, per requester, what they say of ACLs
export const POST = handle<Context>("operator", async (request, context, user) => {
  takeLiveRead(String(user!.id));
  const { connectionId, bucket } = await bucketOf(context);
  const input = evidenceRequestSchema.parse(await readJson(request));
  return NextResponse.json(await readEvidence(getDb(), connectionId, bucket, input));
});
