import { NextResponse } from "next/server";
import { scanFolders } from "@/lib/api/findings";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { findingsViewSchema, scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// GET /api/scans/:scanId/folders?prefix&<view filters> - folders one level below the prefix, with matching counts
export const GET = handle<Context>("viewer", async (request, { params }) => {
  const scanId = scanIdSchema.parse((await params).scanId);
  return NextResponse.json(
    await scanFolders(getDb(), scanId, findingsViewSchema.parse(searchParamsOf(request))),
  );
});
