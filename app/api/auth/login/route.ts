import { NextResponse } from "next/server";
import { checkLogin } from "@/lib/api/auth";
import { handle, readJson } from "@/lib/api/respond";
import { clientAddressOf, isHttps, startSession } from "@/lib/api/session";
import { getDb } from "@/lib/db";
import { loginSchema } from "@/lib/schemas/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/auth/login - username and password; sets the session cookie (failures limited per user and address)
export const POST = handle("public", async (request) => {
  const { username, password } = loginSchema.parse(await readJson(request));
  const user = await checkLogin(getDb(), username, password, clientAddressOf(request));
  const response = NextResponse.json({ user });
  response.headers.set("set-cookie", startSession(getDb(), user.id, isHttps()));
  return response;
});
