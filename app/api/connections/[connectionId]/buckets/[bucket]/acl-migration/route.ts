import { NextResponse } from "next/server";
import { z } from "zod";
import { migrationPlan } from "@/lib/api/acl-migration";
import { bucketOf, type Context } from "@/lib/api/bucket-params";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({ includePublic: z.enum(["0", "1"]).default("0") });

// GET /api/connections/:id/buckets/:bucket/acl-migration?includePublic=1 - the readiness report, the translated
// policy (merged, as a diff), the last evidence from logs, the Athena queries, and the newest snapshot's steps
export const GET = handle<Context>("viewer", async (request, context, user) => {
  takeLiveRead(String(user!.id));
  const { connectionId, bucket } = await bucketOf(context);
  const { includePublic } = querySchema.parse(searchParamsOf(request));
  return NextResponse.json(await migrationPlan(getDb(), connectionId, bucket, includePublic === "1"));
});
