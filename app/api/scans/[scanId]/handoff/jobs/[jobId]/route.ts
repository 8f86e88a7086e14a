import { NextResponse } from "next/server";
import { handoffJobStatus } from "@/lib/api/handoff";
import { handle } from "@/lib/api/respond";
import { requireScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { batchJobIdSchema } from "@/lib/schemas/fix";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string; jobId: string }> };

// GET /api/scans/:scanId/handoff/jobs/:jobId - a submitted job's status, and whether its report was applied
export const GET = handle<Context>("operator", async (_request, { params }) => {
  const p = await params;
  const scan = requireScan(getDb(), scanIdSchema.parse(p.scanId));
  return NextResponse.json(await handoffJobStatus(getDb(), scan, batchJobIdSchema.parse(p.jobId)));
});
