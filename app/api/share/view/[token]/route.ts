import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { sharedScan } from "@/lib/api/share";
import { getDb } from "@/lib/db";
import { shareTokenSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

// GET /api/share/view/:token - the shared scan's progress and counts (anyone holding the link)
export const GET = handle<Context>("public", async (_request, { params }) => {
  return NextResponse.json(await sharedScan(getDb(), shareTokenSchema.parse((await params).token)));
});
