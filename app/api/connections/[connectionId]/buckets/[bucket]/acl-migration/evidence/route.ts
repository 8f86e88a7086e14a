import { NextResponse } from "next/server";
import { cancelEvidence, evidenceJob, readEvidence } from "@/lib/api/acl-migration";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { evidenceRequestSchema } from "@/lib/schemas/acl-migration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/acl-migration/evidence {accessLogs?, cloudTrail?, since?} - starts reading
// the logs under those s3:// prefixes in the background (202 with the job); one reading at a time per server
export const POST = handle<Context>("operator", async (request, context, user) => {
  takeLiveRead(String(user!.id));
  const { connectionId, bucket } = await bucketOf(context);
  const input = evidenceRequestSchema.parse(await readJson(request));
  const job = await readEvidence(getDb(), connectionId, bucket, input, user!.username);
  return NextResponse.json({ jobId: job.id, job }, { status: 202 });
});

// GET …/acl-migration/evidence - the bucket's latest reading of logs: its progress, or how it ended
export const GET = handle<Context>("viewer", async (_request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  return NextResponse.json(await evidenceJob(getDb(), connectionId, bucket));
});

// DELETE …/acl-migration/evidence - stops the running reading; what it read so far is kept, said to be partial
export const DELETE = handle<Context>("operator", async (_request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  return NextResponse.json(await cancelEvidence(getDb(), connectionId, bucket));
});
