import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { revokeShare } from "@/lib/api/share";
import { getDb } from "@/lib/db";
import { scanIdSchema } from "@/lib/schemas/scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

// POST /api/share/:id/revoke - the link stops working at once (operator)
export const POST = handle<Context>("operator", async (_request, { params }) => {
  return NextResponse.json(revokeShare(getDb(), scanIdSchema.parse((await params).id)));
});
