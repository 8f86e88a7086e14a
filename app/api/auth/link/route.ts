import { NextResponse } from "next/server";
import { redeemLoginLink } from "@/lib/api/auth";
import { handle, readForm } from "@/lib/api/respond";
import { isHttps, startSession } from "@/lib/api/session";
import { looksLikeToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/auth/link - the button of a one-time sign-in link's page: spends the link, signs in, then home. A
// cross-site form is refused (no login CSRF); a GET of the link's page spends nothing.
export const POST = handle("public", async (request) => {
  const token = (await readForm(request)).get("token") ?? "";
  const userId = looksLikeToken(token) ? redeemLoginLink(getDb(), token) : undefined;
  // Relative locations: the request's URL may name another host (localhost for 127.0.0.1), and the session cookie
  // belongs to the host the link was opened on.
  if (userId === undefined)
    return new NextResponse(null, { status: 303, headers: { location: "/login?link=invalid" } });
  const response = new NextResponse(null, { status: 303, headers: { location: "/" } });
  response.headers.set("set-cookie", startSession(getDb(), userId, isHttps()));
  return response;
});
