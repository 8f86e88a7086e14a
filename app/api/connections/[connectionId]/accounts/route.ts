import { NextResponse } from "next/server";
import { putAccount } from "@/lib/api/connections";
import { handle, readJson } from "@/lib/api/respond";
import { getDb } from "@/lib/db";
import { accountSchema, connectionIdSchema } from "@/lib/schemas/connection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ connectionId: string }> };

// POST /api/connections/:id/accounts - name an account and set its fixer (admins); the same ID again edits it
export const POST = handle<Context>("admin", async (request, { params }) => {
  const id = connectionIdSchema.parse((await params).connectionId);
  const input = accountSchema.parse(await readJson(request));
  return NextResponse.json(putAccount(getDb(), id, input));
});
