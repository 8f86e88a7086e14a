import type Database from "better-sqlite3";

// Append only: each entry upgrades the schema by one version, inside one transaction.
const migrations: string[] = [
  `
  CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    profile TEXT,
    role_arn TEXT,
    external_id TEXT,
    session_name TEXT,
    region TEXT NOT NULL,
    endpoint_url TEXT,
    force_path_style INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE TABLE accounts (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL,
    name TEXT NOT NULL,
    fixer_profile TEXT,
    fixer_role_arn TEXT,
    fixer_external_id TEXT,
    PRIMARY KEY (connection_id, canonical_id)
  );
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The database schema (version ${current}) is newer than this Ownerscope (version ${migrations.length}).`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
