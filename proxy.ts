import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieNames } from "@/lib/auth/cookie-names";

// Pages that need no session: sign-in, one-time sign-in links and share links.
const publicPages = /^\/(login|share\/)/;

/**
 * Sign-in first for pages, then security headers on every response, and a per-request CSP nonce so that pages run
 * only Next's own scripts (no inline script without the nonce, no eval). Next reads the nonce from the request's CSP
 * header.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Without a session cookie a page redirects before anything renders (the page itself still checks the session).
  // Behind an SSO proxy there is no cookie: the proxy's header names the user. scripts/server.mjs says which mode it
  // runs in on every request (overwriting what a client sent); a forged mark (in `next dev`) only skips this
  // redirect, and the page still checks who is asking.
  const trustedMode = request.headers.get("x-ownerscope-trusted-mode") === "1";
  const needsSession = !publicPages.test(pathname);
  if (needsSession && !trustedMode && !sessionCookieNames.some((name) => request.cookies.has(name))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(login, 307);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("x-frame-options", "DENY");
  // Share links carry their token in the path: never send it on as a referrer.
  response.headers.set("referrer-policy", "no-referrer");
  response.headers.set("cross-origin-opener-policy", "same-origin");
  response.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=()");
  return response;
}

// Pages only: API answers are JSON, which needs no nonce, and their fixed headers come from next.config.js. Run on
// every API request, this work (and the request body it makes Next buffer) cost the request thread most of what a
// health check costs (measured by npm run bench:watch).
export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
