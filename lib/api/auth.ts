import "server-only";
import { timingSafeEqual } from "node:crypto";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { newToken, tokenHash } from "@/lib/auth/tokens";
import { workLimit } from "@/lib/auth/work-limit";
import type { Db } from "@/lib/db";
import {
  clearLoginFailures,
  consumeLoginLink,
  countUsers,
  createLoginLink,
  createUser,
  findUserWithHash,
  forgetLoginAttempt,
  loginFailureCounts,
  pruneLoginFailures,
  recordLoginAttempt,
  listUsers,
  setDisabled,
  setPassword,
  setRole,
  type User,
} from "@/lib/db/auth";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins within the window: for one user from one address, from one address, for one user. */
const LIMITS = { userFromAddress: 5, fromAddress: 30, forUser: 100 } as const;
// Unauthenticated scrypt work: two at once, eight waiting, the rest refused.
const passwordChecks = workLimit(2, 8, "The server is busy checking sign-ins: try again in a moment.");
const unknownUserHash = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA";

/**
 * Checks a username and password. Each attempt is recorded as a failure before the password is hashed (so parallel
 * guesses all count) and forgotten when it succeeds. Limits within 15 minutes: 5 failures for a user from one
 * address (the stranger guessing is held back, not the user elsewhere), 30 from one address, 100 for one user from
 * anywhere; an admin can lift a user's hold (unlockUser).
 */
export async function checkLogin(db: Db, username: string, password: string, address: string): Promise<User> {
  const since = Date.now() - FAILURE_WINDOW_MS;
  const attempt = db
    .transaction(() => {
      pruneLoginFailures(db, since);
      const counts = loginFailureCounts(db, username, address, since);
      const over = (Object.keys(LIMITS) as (keyof typeof LIMITS)[]).some((k) => counts[k] >= LIMITS[k]);
      return over ? null : recordLoginAttempt(db, username, address);
    })
    .immediate();
  if (attempt === null)
    throw new AppError(
      "too_many_requests",
      "Too many failed sign-ins: wait 15 minutes, or ask an admin to unlock.",
    );
  const user = findUserWithHash(db, username);
  // Hash even for an unknown user, so timing does not tell which usernames exist.
  let ok: boolean;
  try {
    ok = await passwordChecks(() => verifyPassword(password, user?.passwordHash ?? unknownUserHash));
  } catch (busy) {
    // Refused as busy, the password was never checked: no failed attempt.
    forgetLoginAttempt(db, attempt);
    throw busy;
  }
  // A disabled user is told no more than a wrong password would tell.
  if (!user || !ok || user.disabled) throw new AppError("unauthorized", "Wrong username or password.");
  forgetLoginAttempt(db, attempt);
  clearLoginFailures(db, username, address);
  const { passwordHash: _omit, ...rest } = user;
  void _omit;
  return rest;
}

/** An admin disables a user (its sessions, links and share links stop at once), or enables it again. */
export function disableUser(db: Db, admin: User, username: string, disabled: boolean): User {
  const user = findUserWithHash(db, username);
  if (!user) throw new AppError("not_found", `No user named ${username}.`);
  if (disabled && user.id === admin.id) throw new AppError("conflict", "You cannot disable yourself.");
  setDisabled(db, user.id, disabled);
  const { passwordHash: _omit, ...rest } = user;
  void _omit;
  return { ...rest, disabled };
}

export const users = (db: Db): User[] => listUsers(db);

/** A user by name, without its password hash; undefined when there is none. */
export function userNamed(db: Db, username: string): User | undefined {
  const found = findUserWithHash(db, username);
  if (!found) return undefined;
  const { passwordHash: _omit, ...user } = found;
  void _omit;
  return user;
}

/** From the server's own machine: a new password for a user (every session of the user ends). */
export async function resetPassword(db: Db, user: User, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError("invalid_input", `Password: ${problem}.`);
  setPassword(db, user.id, await hashPassword(password));
}

export const setUserRole = (db: Db, user: User, role: Role) => setRole(db, user.id, role);

/** From the server's own machine: disabling ends the user's sessions at once. */
export const setUserDisabled = (db: Db, user: User, disabled: boolean) => setDisabled(db, user.id, disabled);

/** An admin lifts the sign-in hold on a user (its failed attempts from every address are forgotten). */
export function unlockUser(db: Db, username: string): { cleared: number } {
  return { cleared: clearLoginFailures(db, username) };
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

export async function changePassword(
  db: Db,
  user: User,
  passwords: { current: string; next: string },
  address: string,
): Promise<void> {
  const { current, next } = passwords;
  await checkLogin(db, user.username, current, address);
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
