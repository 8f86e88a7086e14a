import { NextResponse } from "next/server";
import { fleetViewInput } from "@/lib/api/fleet-view";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/fleet/view - every bucket row of the fleet (one per bucket), its accounts and directory: the page loads it
// after its first paint, then filters in the browser without asking again.
export const GET = handle("viewer", async () => {
  const input = fleetViewInput(getDb());
  if (!input) throw new AppError("not_found", "The fleet is not set up: run fleet discover first.");
  return NextResponse.json(input);
});
