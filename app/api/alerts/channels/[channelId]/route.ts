import { NextResponse } from "next/server";
import { idSchema, removeChannel } from "@/lib/api/alerts";
import { handle } from "@/lib/api/respond";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ channelId: string }> };

// DELETE /api/alerts/channels/:channelId - remove a channel (and the rules that send to it)
export const DELETE = handle<Context>("admin", async (_request, context) =>
  NextResponse.json(removeChannel(getDb(), idSchema.parse((await context.params).channelId))),
);
