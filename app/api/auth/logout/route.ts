import { NextResponse } from "next/server";
import { handle } from "@/lib/api/respond";
import { isHttps, sessionCookie, sessionToken } from "@/lib/api/session";
import { tokenHash } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";
import { revokeSession } from "@/lib/db/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/auth/logout - ends the session (revoked on the server, cookie cleared)
export const POST = handle("public", async (request) => {
  const token = sessionToken(request);
  if (token) revokeSession(getDb(), tokenHash(token));
  const response = NextResponse.json({ signedOut: true });
  response.headers.set("set-cookie", sessionCookie("", 0, isHttps()));
  return response;
});
