import { NextResponse } from "next/server";
import { enforceForScan } from "@/lib/api/enforce";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { enforceInputSchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/fixes/enforce - set BucketOwnerEnforced on the scan's bucket (one request; audited); 200 with the result
export const POST = handle("operator", async (request, _context, user) => {
  const input = enforceInputSchema.parse(await readJson(request));
  return NextResponse.json(await enforceForScan(getDb(), input, user?.username ?? "unknown"));
});
