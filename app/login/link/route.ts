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
  if (userId === undefined) return NextResponse.redirect(new URL("/login?link=invalid", url), 303);
  const response = NextResponse.redirect(new URL("/", url), 303);
  response.headers.set("set-cookie", startSession(getDb(), userId, isHttps(request)));
  response.headers.set("referrer-policy", "no-referrer");
  return response;
}
