import { NextResponse } from "next/server";
import { startFleetScan, stopFleetScan } from "@/lib/api/fleet";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { startFleetScanSchema } from "@/lib/schemas/fleet";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/fleet/scans {retryFailed} - scan the fleet, or only what failed last time (202: it runs in the background)
export const POST = handle("operator", async (request) => {
  const { retryFailed } = startFleetScanSchema.parse(await readJson(request));
  return NextResponse.json(startFleetScan(getDb(), retryFailed), { status: 202 });
});

// DELETE /api/fleet/scans - stop the running fleet scan where it is (it ends cancelled; a later start goes on with it)
export const DELETE = handle("operator", async () => NextResponse.json(stopFleetScan(getDb())));
