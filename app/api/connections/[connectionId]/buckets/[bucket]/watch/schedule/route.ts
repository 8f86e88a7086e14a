import { NextResponse } from "next/server";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { deleteSchedule, putSchedule } from "@/lib/api/watch";
import { getDb } from "@/lib/db";
import { scheduleSchema } from "@/lib/schemas/watch";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// PUT /api/connections/:id/buckets/:bucket/watch/schedule {everyHours, mode} - rescan every N hours
export const PUT = handle<Context>("operator", async (request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  const input = scheduleSchema.parse(await readJson(request));
  return NextResponse.json(await putSchedule(getDb(), connectionId, bucket, input));
});

// DELETE /api/connections/:id/buckets/:bucket/watch/schedule - no more scheduled rescans
export const DELETE = handle<Context>("operator", async (_request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  return NextResponse.json(await deleteSchedule(getDb(), connectionId, bucket));
});
