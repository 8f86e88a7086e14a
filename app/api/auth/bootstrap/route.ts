import { NextResponse } from "next/server";
import { bootstrapAdmin } from "@/lib/api/auth";
import { handle, readJson } from "@/lib/api/respond";
import { isHttps, startSession } from "@/lib/api/session";
import { getDb } from "@/lib/db";
import { bootstrapSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/auth/bootstrap - first run only: OWNERSCOPE_BOOTSTRAP_TOKEN creates the first admin and signs it in
export const POST = handle("public", async (request) => {
  const { token, username, password } = bootstrapSchema.parse(await readJson(request));
  const user = await bootstrapAdmin(getDb(), token, username, password);
  const response = NextResponse.json({ user }, { status: 201 });
  response.headers.set("set-cookie", startSession(getDb(), user.id, isHttps()));
  return response;
});
