import { NextResponse } from "next/server";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle } from "@/lib/api/respond";
import { retryFailed } from "@/lib/api/watch";
import { getDb } from "@/lib/db";
import { wakeWatchService } from "@/lib/jobs/watch-service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/watch/retry-failed - check again the events whose checks kept failing
export const POST = handle<Context>("operator", async (_request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  const result = await retryFailed(getDb(), connectionId, bucket);
  wakeWatchService();
  return NextResponse.json(result);
});
