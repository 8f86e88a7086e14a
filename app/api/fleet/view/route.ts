import { NextResponse } from "next/server";
import { fleetRowsForBrowser } from "@/lib/api/fleet-view";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/fleet/view - every bucket row of the fleet (one per bucket), its accounts and directory: the page loads it
// after its first paint, then filters in the browser without asking again.
export const GET = handle("viewer", async () => NextResponse.json(fleetRowsForBrowser(getDb())));
