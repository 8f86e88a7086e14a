import { NextResponse } from "next/server";
import { fixJobItems } from "@/lib/api/fix-jobs";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { fixItemsQuerySchema, fixJobIdSchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ jobId: string }> };

// GET /api/fixes/:jobId/items?state&cursor&limit - per-object results with each failure's reason
export const GET = handle<Context>("viewer", async (request, { params }) => {
  const jobId = fixJobIdSchema.parse((await params).jobId);
  const q = fixItemsQuerySchema.parse(searchParamsOf(request));
  return NextResponse.json(fixJobItems(getDb(), jobId, { state: q.state, after: q.cursor, limit: q.limit }));
});
