import { NextResponse } from "next/server";
import { connectionSettings, updateConnection } from "@/lib/api/connections";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { connectionIdSchema, connectionSchema } from "@/lib/schemas/connection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string }> };

// GET /api/connections/:id - the connection's settings and accounts, for the edit form (admins)
export const GET = handle<Context>("admin", async (_request, { params }) => {
  const id = connectionIdSchema.parse((await params).connectionId);
  return NextResponse.json(connectionSettings(getDb(), id));
});

// PUT /api/connections/:id - change a connection's settings (admins)
export const PUT = handle<Context>("admin", async (request, { params }) => {
  const id = connectionIdSchema.parse((await params).connectionId);
  const input = connectionSchema.omit({ id: true }).parse(await readJson(request));
  return NextResponse.json(updateConnection(getDb(), id, input));
});
