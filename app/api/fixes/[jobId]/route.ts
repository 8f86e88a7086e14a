import { NextResponse } from "next/server";
import { fixJobById } from "@/lib/api/fix-jobs";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { fixJobIdSchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ jobId: string }> };

// GET /api/fixes/:jobId - a fix job's state and counts by result
export const GET = handle<Context>("viewer", async (_request, { params }) => {
  return NextResponse.json(fixJobById(getDb(), fixJobIdSchema.parse((await params).jobId)));
});
