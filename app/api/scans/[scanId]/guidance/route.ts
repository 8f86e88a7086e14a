import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { scanGuidance } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// GET /api/scans/:scanId/guidance - for each foreign account: what its writers must change, and the two policies
export const GET = handle<Context>("viewer", async (_request, { params }) => {
  return NextResponse.json({ accounts: scanGuidance(getDb(), scanIdSchema.parse((await params).scanId)) });
});
