import { NextResponse } from "next/server";
import { planEnforceForScan } from "@/lib/api/enforce";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { enforceInputSchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/fixes/enforce/plan - whether BucketOwnerEnforced can be set on the scan's bucket now, who acts, what it does
export const POST = handle("operator", async (request) => {
  return NextResponse.json(
    await planEnforceForScan(getDb(), enforceInputSchema.parse(await readJson(request))),
  );
});
