import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "@/lib/db/migrations";
import { getEnv } from "@/lib/env";

export type Db = Database.Database;

/** Opens (creating if needed) the SQLite store at `file` and brings its schema up to date. */
export function openDb(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A statement prepared once per handle and SQL text, for writes run for every object of a job (preparing costs
 * more than running them). For run(), get() and all(): a statement being iterated cannot be shared.
 */
export function cachedStatement(db: Db, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}

// Cached on globalThis so that hot reload in development does not open a second handle.
const globalForDb = globalThis as unknown as { ownerscopeDb?: Db };

/** The process's single database handle, in the configured data directory. */
export function getDb(): Db {
  globalForDb.ownerscopeDb ??= openDb(getEnv().dbFile);
  return globalForDb.ownerscopeDb;
}

/** Throws unless the database answers a trivial query (the health check's question). */
export function pingDb(db: Db): void {
  cachedStatement(db, "SELECT 1").get();
}
