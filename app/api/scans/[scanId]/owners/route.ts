import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { scanOwners } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ scanId: string }> };

// GET /api/scans/:scanId/owners - each owner of the scan's keys, named, with its count
export const GET = handle<Context>("viewer", async (_request, { params }) => {
  return NextResponse.json({ owners: scanOwners(getDb(), scanIdSchema.parse((await params).scanId)) });
});
