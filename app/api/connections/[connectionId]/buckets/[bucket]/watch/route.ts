import { NextResponse } from "next/server";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson, searchParamsOf } from "@/lib/api/respond";
import { baseUrlFor, setUp, stopWatching, watchView } from "@/lib/api/watch";
import { getDb } from "@/lib/db";
import { liveQuerySchema, setupSchema, type SetUpResult } from "@/lib/schemas/watch";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/connections/:id/buckets/:bucket/watch?owner=&before=&limit= - whether the bucket is watched, its events,
// its live findings (newest first), its schedule and runs, its alert rules and fixing by rule
export const GET = handle<Context>("viewer", async (request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  const q = liveQuerySchema.parse(searchParamsOf(request));
  return NextResponse.json(await watchView(getDb(), connectionId, bucket, q));
});

// POST /api/connections/:id/buckets/:bucket/watch {kind, apply, watch, accountId} - the configuration that feeds the
// intake (JSON and commands, with the intake's secret: an admin's), watched when asked, written on the gateway when
// apply is true
export const POST = handle<Context>("admin", async (request, context, user) => {
  const { connectionId, bucket } = await bucketOf(context);
  const input = setupSchema.parse(await readJson(request));
  const { plan, applied, intakeUrl } = await setUp(
    getDb(),
    connectionId,
    bucket,
    input,
    baseUrlFor(request),
    user!.username,
  );
  const answer: SetUpResult = { plan, applied, intakeUrl };
  return NextResponse.json(answer);
});

// DELETE /api/connections/:id/buckets/:bucket/watch - stop watching (events for the bucket are dropped from then on)
export const DELETE = handle<Context>("operator", async (_request, context) => {
  const { connectionId, bucket } = await bucketOf(context);
  return NextResponse.json(await stopWatching(getDb(), connectionId, bucket));
});
