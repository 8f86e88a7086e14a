import { NextResponse } from "next/server";
import { changePassword } from "@/lib/api/auth";
import { handle, readJson } from "@/lib/api/respond";
import { clientAddressOf, isHttps, startSession } from "@/lib/api/session";
import { getDb } from "@/lib/db";
import { passwordChangeSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/auth/password - change one's password: every other session ends, this one starts afresh
export const POST = handle("viewer", async (request, _context, user) => {
  const passwords = passwordChangeSchema.parse(await readJson(request));
  await changePassword(getDb(), user!, passwords, clientAddressOf(request));
  const response = NextResponse.json({ changed: true });
  response.headers.set("set-cookie", startSession(getDb(), user!.id, isHttps()));
  return response;
});
