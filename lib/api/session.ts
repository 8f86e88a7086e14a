import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionCookieName } from "@/lib/auth/cookie-names";
import { allows, type Role } from "@/lib/auth/roles";
import { looksLikeToken, newToken, tokenHash } from "@/lib/auth/tokens";
import { clientAddress, trustedIdentity } from "@/lib/auth/trusted-header";
import { getDb, type Db } from "@/lib/db";
import { createSession, upsertTrustedUser, userForSession, type User } from "@/lib/db/auth";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const cookieName = () => sessionCookieName(getEnv().https);
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

function cookieValue(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

export function sessionToken(request: Request): string | null {
  const token = cookieValue(request.headers.get("cookie"), cookieName());
  return token && looksLikeToken(token) ? token : null;
}

/**
 * In trusted-header mode the SSO proxy names the user; a request that did not come through the proxy is refused
 * outright, whatever it carries. Returns undefined when the mode is off.
 */
function trustedUser(db: Db, headers: Headers): User | null | undefined {
  const { trusted, peerSecret } = getEnv();
  if (!trusted) return undefined;
  const decision = trustedIdentity({
    config: trusted,
    peer: headers.get("x-ownerscope-peer"),
    peerSignature: headers.get("x-ownerscope-peer-signature"),
    serverSecret: peerSecret,
    headerValue: headers.get(trusted.header),
  });
  if (decision.kind === "refused") throw new AppError("forbidden", decision.reason);
  if (decision.kind !== "user") return null;
  const user = upsertTrustedUser(db, decision.email, decision.role);
  if (user.disabled) throw new AppError("forbidden", `${user.username} is disabled in Ownerscope.`);
  return user;
}

/** The signed-in user of a request: from the SSO proxy's header in trusted-header mode, else the session cookie. */
export function userOf(db: Db, request: Request): User | null {
  const trusted = trustedUser(db, request.headers);
  if (trusted !== undefined) return trusted;
  const token = sessionToken(request);
  return (token && userForSession(db, tokenHash(token))) || null;
}

/** Refuses a request whose user lacks `role`: 401 without a session, 403 with too small a role. */
export function requireRole(user: User | null, role: Role): User {
  if (!user) throw new AppError("unauthorized", "Sign in first.");
  if (!allows(user.role, role))
    throw new AppError("forbidden", `This needs the ${role} role; you are ${user.role}.`);
  return user;
}

/** Starts a session and returns the Set-Cookie header value for it. */
export function startSession(db: Db, userId: number, secure: boolean): string {
  const token = newToken();
  createSession(db, tokenHash(token), userId, SESSION_TTL_MS);
  return sessionCookie(token, SESSION_TTL_MS / 1000, secure);
}

export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** The address a request came from, as Ownerscope's own server saw it (never a header a client set). */
export const clientAddressOf = (request: Request) => clientAddress(request.headers, getEnv().peerSecret);

/** Whether cookies are for HTTPS: the server's own setting (OWNERSCOPE_HTTPS), never a header a client sent. */
export const isHttps = () => getEnv().https;

/** For server components: the signed-in user, from the session cookie. */
export async function currentUser(): Promise<User | null> {
  const trusted = trustedUser(getDb(), await headers());
  if (trusted !== undefined) return trusted;
  const token = (await cookies()).get(cookieName())?.value;
  return (token && looksLikeToken(token) && userForSession(getDb(), tokenHash(token))) || null;
}

/** For pages: the signed-in user with at least `role`, or a redirect to the sign-in page. */
export async function pageUser(role: Role, next: string): Promise<User> {
  let user: User | null;
  try {
    user = await currentUser();
  } catch {
    // Refused (trusted-header mode, not through the proxy): the layout says so; the page shows nothing.
    redirect("/login");
  }
  if (!user) redirect(`/login?${new URLSearchParams({ next })}`);
  if (!allows(user.role, role)) redirect("/?denied=1");
  return user;
}
