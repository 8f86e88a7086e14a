import { NextResponse } from "next/server";
import { scanDiffSummary } from "@/lib/api/findings";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { diffQuerySchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/scans/diff?from&to - how many foreign keys are new, fixed and gone between two scans of a bucket
export const GET = handle("viewer", async (request) => {
  const { from, to } = diffQuerySchema.parse(searchParamsOf(request));
  return NextResponse.json(scanDiffSummary(getDb(), from, to));
});
