import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { allows, type Role } from "@/lib/auth/roles";
import { looksLikeToken, newToken, tokenHash } from "@/lib/auth/tokens";
import { getDb, type Db } from "@/lib/db";
import { createSession, userForSession, type User } from "@/lib/db/auth";
import { AppError } from "@/lib/errors";

export const SESSION_COOKIE = "ownerscope_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

function cookieValue(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

export function sessionToken(request: Request): string | null {
  const token = cookieValue(request.headers.get("cookie"), SESSION_COOKIE);
  return token && looksLikeToken(token) ? token : null;
}

/** The signed-in user of a request, if its session cookie names a live session. */
export function userOf(db: Db, request: Request): User | null {
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
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export const isHttps = (request: Request) =>
  new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

/** For server components: the signed-in user, from the session cookie. */
export async function currentUser(): Promise<User | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return (token && looksLikeToken(token) && userForSession(getDb(), tokenHash(token))) || null;
}

/** For pages: the signed-in user with at least `role`, or a redirect to the sign-in page. */
export async function pageUser(role: Role, next: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/login?${new URLSearchParams({ next })}`);
  if (!allows(user.role, role)) redirect("/?denied=1");
  return user;
}
