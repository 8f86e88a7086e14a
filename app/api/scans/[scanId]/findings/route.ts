import { NextResponse } from "next/server";
import { scanFindings } from "@/lib/api/findings";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { findingsQuerySchema, scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// GET /api/scans/:scanId/findings?status&owner&prefix&q&foreign&cursor&limit - findings in key order, by cursor
export const GET = handle<Context>("viewer", async (request, { params }) => {
  const scanId = scanIdSchema.parse((await params).scanId);
  return NextResponse.json(
    await scanFindings(getDb(), scanId, findingsQuerySchema.parse(searchParamsOf(request))),
  );
});
