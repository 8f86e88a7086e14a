import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { stopScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// POST /api/scans/:scanId/cancel - ask a running scan to stop (202; it stops at its next flush)
export const POST = handle<Context>("operator", async (_request, { params }) => {
  return NextResponse.json(stopScan(getDb(), scanIdSchema.parse((await params).scanId)), { status: 202 });
});
