import { NextResponse } from "next/server";
import { bucketsOf } from "@/lib/api/browse";
import { takeLiveRead } from "@/lib/api/rate-limit";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { connectionIdSchema } from "@/lib/schemas/connection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string }> };

// GET /api/connections/:connectionId/buckets - every bucket the connection's identity can list
export const GET = handle<Context>("viewer", async (_request, { params }, user) => {
  takeLiveRead(String(user!.id));
  const connectionId = connectionIdSchema.parse((await params).connectionId);
  return NextResponse.json({ buckets: await bucketsOf(getDb(), connectionId) });
});
