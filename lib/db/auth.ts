import "server-only";
import type { Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db";
import type { User } from "@/lib/schemas/auth";
import { parseStored, shareViewSchema } from "@/lib/schemas/stored";

export type { User };
type UserRow = {
  id: number;
  username: string;
  role: Role;
  password_hash: string | null;
  created_at: string;
  disabled_at: string | null;
};

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  role: r.role,
  hasPassword: r.password_hash !== null,
  createdAt: r.created_at,
  disabled: r.disabled_at !== null,
});

export function countUsers(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
}

export function listUsers(db: Db): User[] {
  return (db.prepare("SELECT * FROM users ORDER BY username").all() as UserRow[]).map(toUser);
}

export function findUserWithHash(
  db: Db,
  username: string,
): (User & { passwordHash: string | null }) | undefined {
  const row = db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
  return row && { ...toUser(row), passwordHash: row.password_hash };
}

export function createUser(db: Db, u: { username: string; role: Role; passwordHash: string | null }): User {
  const id = Number(
    db
      .prepare(
        "INSERT INTO users (username, role, password_hash, password_changed_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
      )
      .run(u.username, u.role, u.passwordHash).lastInsertRowid,
  );
  return toUser(db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow);
}

/** A user who arrives through the SSO proxy: created on first sight, its role kept in step with the mapping. */
export function upsertTrustedUser(db: Db, email: string, role: Role): User {
  db.prepare(
    `INSERT INTO users (username, role, password_hash) VALUES (?, ?, NULL)
     ON CONFLICT(username) DO UPDATE SET role = excluded.role`,
  ).run(email, role);
  return toUser(db.prepare("SELECT * FROM users WHERE username = ?").get(email) as UserRow);
}

/** Disables (or enables again) a user; disabling ends every session of the user at once. */
export function setDisabled(db: Db, userId: number, disabled: boolean): void {
  db.transaction(() => {
    db.prepare(
      "UPDATE users SET disabled_at = CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END WHERE id = ?",
    ).run(disabled ? 1 : 0, userId);
    if (disabled) {
      db.prepare("UPDATE sessions SET revoked = 1 WHERE user_id = ?").run(userId);
      revokeSharesOf(db, userId);
    }
  })();
}

/** A user who may no longer share (disabled, or no longer an operator): its links end for good, not just for now. */
function revokeSharesOf(db: Db, userId: number): void {
  db.prepare("UPDATE share_links SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL").run(
    Date.now(),
    userId,
  );
}

/** A new password ends every session of the user. */
export function setPassword(db: Db, userId: number, passwordHash: string): void {
  db.transaction(() => {
    db.prepare(
      "UPDATE users SET password_hash = ?, password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    ).run(passwordHash, userId);
    db.prepare("UPDATE sessions SET revoked = 1 WHERE user_id = ?").run(userId);
  })();
}

export function setRole(db: Db, userId: number, role: Role): void {
  db.transaction(() => {
    db.prepare("UPDATE users SET role = ? WHERE id = ?").run(role, userId);
    if (role === "viewer") revokeSharesOf(db, userId);
  })();
}

export function createSession(db: Db, tokenHash: string, userId: number, ttlMs: number): void {
  const now = Date.now();
  db.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)").run(
    tokenHash,
    userId,
    now,
    now + ttlMs,
  );
}

export function userForSession(db: Db, tokenHash: string): User | undefined {
  const row = db
    .prepare(
      `SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id
       WHERE sessions.token_hash = ? AND sessions.revoked = 0 AND sessions.expires_at > ?
         AND users.disabled_at IS NULL`,
    )
    .get(tokenHash, Date.now()) as UserRow | undefined;
  return row && toUser(row);
}

export function revokeSession(db: Db, tokenHash: string): void {
  db.prepare("UPDATE sessions SET revoked = 1 WHERE token_hash = ?").run(tokenHash);
}

export function createLoginLink(db: Db, tokenHash: string, userId: number, ttlMs: number): void {
  db.prepare("INSERT INTO login_links (token_hash, user_id, expires_at) VALUES (?, ?, ?)").run(
    tokenHash,
    userId,
    Date.now() + ttlMs,
  );
}

/** Uses a one-time login link: it works once, before it expires. */
export function consumeLoginLink(db: Db, tokenHash: string): number | undefined {
  return db.transaction(() => {
    const row = db
      .prepare(
        `SELECT user_id FROM login_links JOIN users ON users.id = login_links.user_id
         WHERE token_hash = ? AND used = 0 AND expires_at > ? AND users.disabled_at IS NULL`,
      )
      .get(tokenHash, Date.now()) as { user_id: number } | undefined;
    if (row) db.prepare("UPDATE login_links SET used = 1 WHERE token_hash = ?").run(tokenHash);
    return row?.user_id;
  })();
}

/** Records a sign-in attempt as failed until it is known to have succeeded; answers its row ID. */
export function recordLoginAttempt(db: Db, username: string, address: string): number {
  return Number(
    db
      .prepare("INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)")
      .run(username, address, Date.now()).lastInsertRowid,
  );
}

/** A successful attempt is no failure. */
export function forgetLoginAttempt(db: Db, id: number): void {
  db.prepare("DELETE FROM login_failures WHERE rowid = ?").run(id);
}

/** Failed sign-ins since `since`: for this user from this address, from this address, and for this user. */
export function loginFailureCounts(db: Db, username: string, address: string, since: number) {
  const count = (where: string, ...args: unknown[]) =>
    (
      db
        .prepare(`SELECT count(*) AS n FROM login_failures WHERE ${where} AND at > ?`)
        .get(...args, since) as {
        n: number;
      }
    ).n;
  return {
    userFromAddress: count("username = ? AND address = ?", username, address),
    fromAddress: count("address = ?", address),
    forUser: count("username = ?", username),
  };
}

export function pruneLoginFailures(db: Db, before: number): void {
  db.prepare("DELETE FROM login_failures WHERE at <= ?").run(before);
}

/** Forgets a user's failed sign-ins: from one address (after it signed in), or from everywhere (an admin's unlock). */
export function clearLoginFailures(db: Db, username: string, address?: string): number {
  return address === undefined
    ? db.prepare("DELETE FROM login_failures WHERE username = ?").run(username).changes
    : db.prepare("DELETE FROM login_failures WHERE username = ? AND address = ?").run(username, address)
        .changes;
}

export type ShareLink = {
  id: number;
  scanId: number;
  view: Record<string, string>;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
};
type ShareRow = {
  id: number;
  scan_id: number;
  view_json: string;
  created_by_name: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
};
const toShare = (r: ShareRow): ShareLink => ({
  id: r.id,
  scanId: r.scan_id,
  view: parseStored(shareViewSchema, r.view_json, "share view"),
  createdBy: r.created_by_name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});
const shareSelect = `SELECT share_links.*, users.username AS created_by_name FROM share_links LEFT JOIN users ON users.id = share_links.created_by`;

export function createShareLink(
  db: Db,
  s: {
    tokenHash: string;
    scanId: number;
    view: Record<string, string>;
    userId: number | null;
    ttlMs: number;
  },
): ShareLink {
  const now = Date.now();
  const id = Number(
    db
      .prepare(
        "INSERT INTO share_links (token_hash, scan_id, view_json, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(s.tokenHash, s.scanId, JSON.stringify(s.view), s.userId, now, now + s.ttlMs).lastInsertRowid,
  );
  return toShare(db.prepare(`${shareSelect} WHERE share_links.id = ?`).get(id) as ShareRow);
}

/**
 * A share link that still works: known, not revoked, not expired, and its maker still an operator (a link stops
 * working when its maker loses the role or the account).
 */
export function activeShareLink(db: Db, tokenHash: string): ShareLink | undefined {
  const row = db
    .prepare(
      `${shareSelect} WHERE share_links.token_hash = ? AND share_links.revoked_at IS NULL AND share_links.expires_at > ?
         AND users.role IN ('operator', 'admin') AND users.disabled_at IS NULL`,
    )
    .get(tokenHash, Date.now()) as ShareRow | undefined;
  return row && toShare(row);
}

export function listShareLinks(db: Db, scanId?: number): ShareLink[] {
  const rows = db
    .prepare(
      `${shareSelect} WHERE (@scanId IS NULL OR share_links.scan_id = @scanId) ORDER BY share_links.id DESC`,
    )
    .all({ scanId: scanId ?? null }) as ShareRow[];
  return rows.map(toShare);
}

export function revokeShareLink(db: Db, id: number): boolean {
  return (
    db
      .prepare("UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
      .run(Date.now(), id).changes === 1
  );
}
