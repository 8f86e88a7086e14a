import "server-only";
import type { Db } from "@/lib/db";
import { fleetFixer } from "@/lib/fleet/access";
import type { Cause } from "@/lib/fleet/causes";
import type { FleetAccount } from "@/lib/fleet/organization";
import { fleetSettingsSchema, type FleetSettings } from "@/lib/schemas/fleet";
import { parseStored, tagsSchema, textListSchema } from "@/lib/schemas/stored";

// The fleet's tables (lib/db/migrations.ts): its settings, its accounts and their health, its runs and every bucket
// found with where its scan stands.

export type FleetAccountRecord = FleetAccount & {
  role: string | null;
  externalId: string | null;
  profile: string | null;
  canonicalId: string | null;
  state: "active" | "retired";
  health: "ok" | Cause | null;
  healthDetail: string | null;
  failingSince: string | null;
};

type AccountRow = Record<string, string | null>;

const toAccount = (r: AccountRow): FleetAccountRecord => ({
  id: r.id!,
  name: r.name!,
  ouPath: parseStored(textListSchema, r.ou_path_json!, "fleet OU path"),
  ouIds: parseStored(textListSchema, r.ou_ids_json!, "fleet OU IDs"),
  tags: parseStored(tagsSchema, r.tags_json!, "fleet account tags"),
  role: r.role ?? null,
  externalId: r.external_id ?? null,
  profile: r.profile ?? null,
  canonicalId: r.canonical_id ?? null,
  state: r.state as FleetAccountRecord["state"],
  health: r.health as FleetAccountRecord["health"],
  healthDetail: r.health_detail ?? null,
  failingSince: r.failing_since ?? null,
});

export function getFleetSettings(db: Db): FleetSettings | undefined {
  const row = db.prepare("SELECT settings_json FROM fleet_settings WHERE id = 1").get() as
    { settings_json: string } | undefined;
  return row && parseStored(fleetSettingsSchema, row.settings_json, "fleet settings");
}

/** The settings, and how many members and OUs their filters left out at the last discovery. */
export function saveFleetSettings(db: Db, settings: FleetSettings, leftOut: number): void {
  db.prepare(
    `INSERT INTO fleet_settings (id, settings_json, left_out) VALUES (1, ?, ?)
     ON CONFLICT(id) DO UPDATE SET settings_json = excluded.settings_json, left_out = excluded.left_out`,
  ).run(JSON.stringify(fleetSettingsSchema.parse(settings)), leftOut);
}

/** How much the directory knows: no member left out by a filter; every active member's canonical ID learnt. */
export function fleetDirectoryCompleteness(db: Db): { membersComplete: boolean; canonicalComplete: boolean } {
  const row = db
    .prepare(
      `SELECT s.left_out AS leftOut,
         (SELECT count(*) FROM fleet_accounts WHERE state = 'active' AND canonical_id IS NULL) AS unknown
       FROM fleet_settings s WHERE s.id = 1`,
    )
    .get() as { leftOut: number; unknown: number } | undefined;
  return { membersComplete: row?.leftOut === 0, canonicalComplete: row?.unknown === 0 };
}

export type AccountOverrides = { role: string | null; externalId: string | null; profile: string | null };

/**
 * Makes the stored accounts those discovered: new ones are onboarded, known ones updated (a retired one that is back
 * is active again), and active ones no longer found are retired (closed, suspended, moved out or filtered out).
 */
export function syncFleetAccounts(
  db: Db,
  found: (FleetAccount & Partial<AccountOverrides>)[],
): { added: string[]; retired: string[]; kept: number } {
  const before = new Map(
    (db.prepare("SELECT id, state FROM fleet_accounts").all() as { id: string; state: string }[]).map((r) => [
      r.id,
      r.state,
    ]),
  );
  const upsert = db.prepare(
    `INSERT INTO fleet_accounts (id, name, ou_path_json, ou_ids_json, tags_json, role, external_id, profile)
     VALUES (@id, @name, @ouPath, @ouIds, @tags, @role, @externalId, @profile)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, ou_path_json = excluded.ou_path_json,
       ou_ids_json = excluded.ou_ids_json, tags_json = excluded.tags_json, role = excluded.role,
       external_id = excluded.external_id, profile = excluded.profile, state = 'active', retired_at = NULL`,
  );
  const retire = db.prepare(
    `UPDATE fleet_accounts SET state = 'retired', retired_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = ? AND state = 'active'`,
  );
  const added: string[] = [];
  const retired: string[] = [];
  db.transaction(() => {
    const seen = new Set<string>();
    for (const a of found) {
      seen.add(a.id);
      if (before.get(a.id) !== "active") added.push(a.id);
      upsert.run({
        id: a.id,
        name: a.name,
        ouPath: JSON.stringify(a.ouPath),
        ouIds: JSON.stringify(a.ouIds),
        tags: JSON.stringify(a.tags),
        role: a.role ?? null,
        externalId: a.externalId ?? null,
        profile: a.profile ?? null,
      });
    }
    for (const [id, state] of before) {
      if (state === "active" && !seen.has(id)) {
        retire.run(id);
        retired.push(id);
      }
    }
    db.prepare(
      "UPDATE fleet_settings SET synced_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1",
    ).run();
  })();
  return { added, retired, kept: found.length - added.length };
}

export function listFleetAccounts(db: Db, state: "active" | "all" = "active"): FleetAccountRecord[] {
  const where = state === "active" ? "WHERE state = 'active'" : "";
  return (db.prepare(`SELECT * FROM fleet_accounts ${where} ORDER BY name, id`).all() as AccountRow[]).map(
    toAccount,
  );
}

export function getFleetAccount(db: Db, id: string): FleetAccountRecord | undefined {
  const row = db.prepare("SELECT * FROM fleet_accounts WHERE id = ?").get(id) as AccountRow | undefined;
  return row && toAccount(row);
}

/** An account's health after a check: "ok", or its cause since when it first failed. */
export function setAccountHealth(
  db: Db,
  id: string,
  health: "ok" | Cause,
  detail: string | null,
  canonicalId?: string,
): void {
  db.prepare(
    `UPDATE fleet_accounts SET health = @health, health_detail = @detail,
       canonical_id = coalesce(@canonicalId, canonical_id),
       failing_since = CASE WHEN @health = 'ok' THEN NULL
         ELSE coalesce(failing_since, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) END,
       checked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = @id`,
  ).run({ id, health, detail, canonicalId: canonicalId ?? null });
}

/**
 * The organization's accounts as a directory of canonical IDs, for every connection: each learnt from the account's
 * own ListBuckets. For a fleet connection each also names its fixer (the fleet's fix role in that account), so a
 * fix of an object another account of the organization wrote runs through that account.
 */
export function fleetDirectory(db: Db, connectionId: string) {
  const settings = getFleetSettings(db);
  if (!settings) return [];
  const isFleetConnection =
    connectionId.startsWith("acct-") && getFleetAccount(db, connectionId.slice(5)) !== undefined;
  const rows = db
    .prepare("SELECT * FROM fleet_accounts WHERE canonical_id IS NOT NULL ORDER BY name, id")
    .all() as AccountRow[];
  return rows.map((r) => {
    const account = toAccount(r);
    const fixer = isFleetConnection ? fleetFixer(settings, account) : null;
    return {
      canonicalId: account.canonicalId!,
      name: account.state === "retired" ? `${account.name} (left the organization)` : account.name,
      fixerProfile: fixer?.fixerProfile ?? null,
      fixerRoleArn: fixer?.fixerRoleArn ?? null,
      fixerExternalId: fixer?.fixerExternalId ?? null,
      principal: account.id,
    };
  });
}

/** Is a scheduled sync due: neither a sync nor an attempt within the last `everyHours`? */
export function fleetSyncDue(db: Db, now: Date, everyHours: number): boolean {
  const row = db.prepare("SELECT synced_at, sync_attempted_at FROM fleet_settings WHERE id = 1").get() as
    { synced_at: string | null; sync_attempted_at: string | null } | undefined;
  if (!row) return false;
  const last = Math.max(Date.parse(row.synced_at ?? "") || 0, Date.parse(row.sync_attempted_at ?? "") || 0);
  return now.getTime() - last >= everyHours * 3_600_000;
}

export function markSyncAttempt(db: Db, now: Date): void {
  db.prepare("UPDATE fleet_settings SET sync_attempted_at = ? WHERE id = 1").run(now.toISOString());
}
