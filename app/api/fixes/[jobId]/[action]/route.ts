import { NextResponse } from "next/server";
import { controlFix } from "@/lib/api/fix-jobs";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { fixActionSchema, fixJobIdSchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ jobId: string; action: string }> };

// POST /api/fixes/:jobId/(pause|resume|cancel|retry) - control a fix job; retry re-runs its failures
export const POST = handle<Context>("operator", async (_request, { params }) => {
  const { jobId, action } = await params;
  return NextResponse.json(controlFix(getDb(), fixJobIdSchema.parse(jobId), fixActionSchema.parse(action)), {
    status: 202,
  });
});
