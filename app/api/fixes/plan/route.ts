import { NextResponse } from "next/server";
import { planForSelection } from "@/lib/api/fixes";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { fixSelectionSchema } from "@/lib/schemas/fix";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/fixes/plan - the dry run: per object who acts, which requests and side effects; totals with cost and time
export const POST = handle("operator", async (request) => {
  return NextResponse.json(
    await planForSelection(getDb(), fixSelectionSchema.parse(await readJson(request))),
  );
});
