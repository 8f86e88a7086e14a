import { NextResponse } from "next/server";
import { applyHandoffReport } from "@/lib/api/handoff";
import { handle } from "@/lib/api/respond";
import { requireScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { batchJobIdSchema } from "@/lib/schemas/fix";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string; jobId: string }> };

// POST /api/scans/:scanId/handoff/jobs/:jobId/report - apply a finished job's completion report to the scan, once,
// from where it was recorded when the job was submitted
export const POST = handle<Context>("operator", async (_request, { params }) => {
  const p = await params;
  const scan = requireScan(getDb(), scanIdSchema.parse(p.scanId));
  return NextResponse.json(await applyHandoffReport(getDb(), scan, batchJobIdSchema.parse(p.jobId)));
});
