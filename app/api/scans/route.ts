import { NextResponse } from "next/server";
import { handle, readJson, searchParamsOf } from "@/lib/api/respond";
import { pastScans, startInventoryScan, startScan } from "@/lib/api/scans";
import { getDb } from "@/lib/db";
import { scansQuerySchema, startScanSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/scans - start a scan of a bucket, live or from an inventory report (202: it runs in the background)
export const POST = handle("operator", async (request) => {
  const input = startScanSchema.parse(await readJson(request));
  const { inventory } = input;
  const started = inventory
    ? await startInventoryScan(getDb(), { ...input, inventory })
    : await startScan(getDb(), input);
  return NextResponse.json(started, { status: 202 });
});

// GET /api/scans?connectionId&bucket&limit - past scans, newest first
export const GET = handle("viewer", async (request) => {
  return NextResponse.json({ scans: pastScans(getDb(), scansQuerySchema.parse(searchParamsOf(request))) });
});
