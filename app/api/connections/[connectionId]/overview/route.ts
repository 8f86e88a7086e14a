import { NextResponse } from "next/server";
import { bucketsOverview } from "@/lib/api/connections";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string }> };

// GET /api/connections/:id/overview - every bucket with its newest completed scan's foreign keys by account; with S3
// out of reach, the stored buckets and `unavailable` (why)
export const GET = handle<Context>("viewer", async (_request, { params }, user) => {
  takeLiveRead(String(user!.id));
  const id = connectionIdSchema.parse((await params).connectionId);
  return NextResponse.json(await bucketsOverview(getDb(), id));
});
