import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { scanSummary } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// GET /api/scans/:scanId/summary - keys and bytes by owner account and by top-level prefix
export const GET = handle<Context>("viewer", async (_request, { params }) => {
  return NextResponse.json(scanSummary(getDb(), scanIdSchema.parse((await params).scanId)));
});
