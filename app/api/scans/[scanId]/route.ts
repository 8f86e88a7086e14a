import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { scanById } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// GET /api/scans/:scanId - status and progress (listed, classified, by status, keys/s, ETA) and bucket posture
export const GET = handle<Context>("viewer", async (_request, { params }) => {
  return NextResponse.json(scanById(getDb(), scanIdSchema.parse((await params).scanId)));
});
