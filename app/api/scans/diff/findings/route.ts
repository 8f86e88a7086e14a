import { NextResponse } from "next/server";
import { scanDiffPage } from "@/lib/api/findings";
import { handle, searchParamsOf } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { diffPageSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/scans/diff/findings?from&to&kind=new|fixed|gone&cursor&limit - the keys of one kind of change
export const GET = handle("viewer", async (request) => {
  return NextResponse.json(scanDiffPage(getDb(), diffPageSchema.parse(searchParamsOf(request))));
});
