import { NextResponse } from "next/server";
import { redeemLoginLink } from "@/lib/api/auth";
import { looksLikeToken } from "@/lib/auth/tokens";
import { isHttps, startSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /login/link?token - a one-time sign-in link (issued by `ownerscope user login-link`): signs in, then home
export async function GET(request: Request) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const userId = looksLikeToken(token) ? redeemLoginLink(getDb(), token) : undefined;
  // Relative locations: the request's URL may name another host (localhost for 127.0.0.1), and the session cookie
  // belongs to the host the link was opened on.
  if (userId === undefined)
    return new NextResponse(null, { status: 303, headers: { location: "/login?link=invalid" } });
  const response = new NextResponse(null, { status: 303, headers: { location: "/" } });
  response.headers.set("set-cookie", startSession(getDb(), userId, isHttps(request)));
  response.headers.set("referrer-policy", "no-referrer");
  return response;
}
