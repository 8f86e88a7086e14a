import { NextResponse } from "next/server";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { handle, readJson } from "@/lib/api/respond";
import { noteChange } from "@/lib/api/writers";
import { getDb } from "@/lib/db";
import { writerChangeSchema } from "@/lib/schemas/writers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/connections/:id/buckets/:bucket/writers/changes {writerId, changedAt} - records the date a writer's team
// changed its setting (changedAt null forgets it); the writers view then says whether it stopped since
export const POST = handle<Context>("operator", async (request, context, user) => {
  const { connectionId, bucket } = await bucketOf(context);
  const change = writerChangeSchema.parse(await readJson(request));
  return NextResponse.json(await noteChange(getDb(), { connectionId, bucket, by: user!.username }, change));
});
