import { NextResponse } from "next/server";
import { z } from "zod";
import { handoffJobStatus } from "@/lib/api/handoff";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { requireScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { handoffQuerySchema } from "@/lib/schemas/fix";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string; jobId: string }> };

// GET /api/scans/:scanId/handoff/jobs/:jobId?owner&accountId&workBucket… - its status; a finished job updates the scan
export const GET = handle<Context>("operator", async (request, { params }) => {
  const p = await params;
  const scan = requireScan(getDb(), scanIdSchema.parse(p.scanId));
  const jobId = z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .parse(p.jobId);
  const q = handoffQuerySchema.parse(searchParamsOf(request));
  return NextResponse.json(await handoffJobStatus(getDb(), scan, q, jobId));
});
