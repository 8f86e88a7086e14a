import { NextResponse } from "next/server";
import { idSchema, testChannel } from "@/lib/api/alerts";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ channelId: string }> };

// POST /api/alerts/channels/:channelId/test - send a sample alert to the channel now
export const POST = handle<Context>("operator", async (_request, context) => {
  const id = idSchema.parse((await context.params).channelId);
  return NextResponse.json(await testChannel(getDb(), id));
});
