import { NextResponse } from "next/server";
import { channels, putChannel } from "@/lib/api/alerts";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { channelInputSchema } from "@/lib/schemas/alerts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/alerts/channels - where alerts can go (never a secret)
export const GET = handle("viewer", async () => NextResponse.json({ channels: channels(getDb()) }));

// POST /api/alerts/channels {name, config} - add a channel (or replace the one of that name)
export const POST = handle("admin", async (request) =>
  NextResponse.json(putChannel(getDb(), channelInputSchema.parse(await readJson(request))), { status: 201 }),
);
