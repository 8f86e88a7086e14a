import "server-only";
import { timingSafeEqual } from "node:crypto";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { newToken, tokenHash } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db";
import {
  clearLoginFailures,
  consumeLoginLink,
  countUsers,
  createLoginLink,
  createUser,
  findUserWithHash,
  recentLoginFailures,
  recordLoginFailure,
  setPassword,
  type User,
} from "@/lib/db/auth";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES = 5;

/** Checks a username and password, at most five wrong tries per user per 15 minutes. */
export async function checkLogin(db: Db, username: string, password: string): Promise<User> {
  if (recentLoginFailures(db, username, FAILURE_WINDOW_MS) >= MAX_FAILURES) {
    throw new AppError("too_many_requests", "Too many failed sign-ins for this user: wait 15 minutes.");
  }
  const user = findUserWithHash(db, username);
  // Hash even for an unknown user, so timing does not tell which usernames exist.
  const ok = await verifyPassword(
    password,
    user?.passwordHash ?? "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
  );
  if (!user || !ok) {
    recordLoginFailure(db, username);
    throw new AppError("unauthorized", "Wrong username or password.");
  }
  clearLoginFailures(db, username);
  const { passwordHash: _omit, ...rest } = user;
  void _omit;
  return rest;
}

export async function addUser(db: Db, username: string, role: Role, password: string): Promise<User> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError("invalid_input", `Password: ${problem}.`);
  if (findUserWithHash(db, username))
    throw new AppError("conflict", `A user named ${username} exists already.`);
  return createUser(db, { username, role, passwordHash: await hashPassword(password) });
}

/** First run only: the bootstrap token from the environment creates the first admin. */
export async function bootstrapAdmin(
  db: Db,
  token: string,
  username: string,
  password: string,
): Promise<User> {
  const expected = getEnv().bootstrapToken;
  if (countUsers(db) > 0) throw new AppError("conflict", "Ownerscope already has users: sign in instead.");
  if (!expected)
    throw new AppError("forbidden", "No bootstrap token is configured (OWNERSCOPE_BOOTSTRAP_TOKEN).");
  const a = Buffer.from(token);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new AppError("forbidden", "Wrong bootstrap token.");
  return addUser(db, username, "admin", password);
}

export async function changePassword(db: Db, user: User, current: string, next: string): Promise<void> {
  await checkLogin(db, user.username, current);
  const problem = passwordProblem(next);
  if (problem) throw new AppError("invalid_input", `Password: ${problem}.`);
  setPassword(db, user.id, await hashPassword(next));
}

/** A one-time sign-in link (for the demo and for first access from the CLI), valid for `ttlMs`. */
export function issueLoginLink(db: Db, userId: number, ttlMs = 10 * 60 * 1000): string {
  const token = newToken();
  createLoginLink(db, tokenHash(token), userId, ttlMs);
  return token;
}

export function redeemLoginLink(db: Db, token: string): number | undefined {
  return consumeLoginLink(db, tokenHash(token));
}
