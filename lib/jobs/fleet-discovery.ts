import "server-only";
import fs from "node:fs";
import { organizationApi } from "@/lib/aws/organizations";
import type { Db } from "@/lib/db";
import { getConnection, saveConnection } from "@/lib/db/connections";
import {
  fleetSyncDue,
  getFleetSettings,
  listFleetAccounts,
  markSyncAttempt,
  saveFleetSettings,
  syncFleetAccounts,
  type FleetAccountRecord,
} from "@/lib/db/fleet";
import { AppError, formatIssues } from "@/lib/errors";
import { fleetConnection } from "@/lib/fleet/access";
import { AccountsFileError, MAX_ACCOUNTS_FILE_BYTES, parseAccountsFile } from "@/lib/fleet/accounts-file";
import { discoverAccounts, type Discovered, type FleetAccount } from "@/lib/fleet/organization";
import { connectionSchema } from "@/lib/schemas/connection";
import { fleetSettingsSchema, type FleetSettings, type FleetSettingsInput } from "@/lib/schemas/fleet";

// Finding the fleet's accounts: the organization's tree (or an accounts file), made the stored fleet, each account
// with its connection; and the same on a schedule, so new accounts are onboarded and closed ones retired.

export type Discovery = {
  accounts: FleetAccountRecord[];
  added: string[];
  retired: string[];
  /** Entries Organizations listed that are not accounts we can take, and why. */
  refused: Discovered["refused"];
};

/** The settings given, or those saved by the last discovery (a sync on a schedule passes none). */
export function fleetSettingsFrom(db: Db, input: FleetSettingsInput | null): FleetSettings {
  if (input) return fleetSettingsSchema.parse(input);
  const saved = getFleetSettings(db);
  if (!saved)
    throw new AppError(
      "invalid_input",
      "The fleet is not set up: run fleet discover with its settings first.",
    );
  return saved;
}

type Found = FleetAccount & { role?: string | null; externalId?: string | null; profile?: string | null };
type Listed = { accounts: Found[]; refused: Discovered["refused"]; leftOut: number };

function fromFile(settings: FleetSettings, accountsFile: string | null): Listed {
  if (accountsFile === null)
    throw new AppError("invalid_input", 'An accounts file is needed for source "file".');
  let rows;
  try {
    rows = parseAccountsFile(accountsFile);
  } catch (error) {
    if (error instanceof AccountsFileError)
      throw new AppError("invalid_input", `The accounts file: ${error.message}`);
    throw error;
  }
  const skipped = (a: { id: string; name: string }) =>
    settings.skipAccounts.includes(a.id) || settings.skipAccounts.includes(a.name);
  const accounts = rows
    .filter((a) => !skipped(a))
    .map((a) => ({
      id: a.id,
      name: a.name,
      ouPath: a.ou
        ? a.ou
            .split("/")
            .map((p) => p.trim())
            .filter(Boolean)
        : [],
      ouIds: [],
      tags: a.tags,
      role: a.role,
      externalId: a.externalId,
      profile: a.profile,
    }));
  return { accounts, refused: [], leftOut: rows.length - accounts.length };
}

/** An answer that is not what Organizations sends (bad paging, a tree too deep) is said as such, not as a denial. */
function discoveryFailure(error: unknown): AppError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const what = `${e.name ?? "error"}: ${String(e.message ?? "").slice(0, 200)}`;
  const denied =
    e.$metadata?.httpStatusCode === 403 || /AccessDenied|NotInUse|credential/i.test(`${e.name} ${e.message}`);
  return denied
    ? new AppError(
        "upstream_denied",
        `Could not read the organization (${what}). Discovery needs the management account or a delegated ` +
          "administrator, with organizations:List* allowed.",
        { cause: error },
      )
    : new AppError("upstream_error", `Could not read the organization: ${what}.`, { cause: error });
}

async function accountsOf(settings: FleetSettings, accountsFile: string | null): Promise<Listed> {
  if (settings.source === "file") return fromFile(settings, accountsFile);
  const base = {
    profile: settings.profile,
    roleArn: settings.organizationRoleArn,
    externalId: settings.organizationRoleArn ? settings.externalId : null,
    sessionName: "ownerscope-discovery",
    region: "us-east-1",
    endpointUrl: null,
    stsEndpointUrl: settings.stsEndpointUrl,
    forcePathStyle: false,
  };
  try {
    return await discoverAccounts(organizationApi(base, settings.organizationsEndpointUrl), settings);
  } catch (error) {
    throw discoveryFailure(error);
  }
}

/**
 * Each account's connection, checked before anything is stored: a setting that cannot make one (a profile pattern
 * too long for a profile's name) fails the discovery with nothing changed, and a connection "acct-<id>" someone made
 * by hand is never taken over.
 */
function connectionsFor(db: Db, settings: FleetSettings, found: Found[]) {
  const known = new Set(listFleetAccounts(db, "all").map((a) => a.id));
  return found.map((a) => {
    const parsed = connectionSchema.safeParse(
      fleetConnection(settings, { role: null, externalId: null, profile: null, ...a }),
    );
    if (!parsed.success)
      throw new AppError("invalid_input", `Account ${a.id}: ${formatIssues(parsed.error.issues)}`);
    if (!known.has(a.id) && getConnection(db, parsed.data.id))
      throw new AppError(
        "conflict",
        `A connection "${parsed.data.id}" exists that the fleet did not make: rename or remove it first.`,
      );
    return parsed.data;
  });
}

/**
 * Finds the accounts and makes the stored fleet match: new accounts onboarded (each with its connection), the ones
 * gone retired. Nothing is stored unless the discovery and every account's connection are good.
 */
export async function discoverFleet(
  db: Db,
  input: FleetSettingsInput | null,
  accountsFile: string | null,
): Promise<Discovery> {
  const settings = fleetSettingsFrom(db, input);
  const found = await accountsOf(settings, accountsFile);
  const connections = connectionsFor(db, settings, found.accounts);
  const { added, retired } = db.transaction(() => {
    saveFleetSettings(db, settings, found.leftOut);
    const synced = syncFleetAccounts(db, found.accounts);
    for (const c of connections) saveConnection(db, c);
    return synced;
  })();
  return { accounts: listFleetAccounts(db), added, retired, refused: found.refused };
}

/** The accounts file a file-sourced fleet was set up with, read again for a sync (bounded as the CLI reads it). */
function readAccountsFile(file: string): string {
  const size = fs.statSync(file).size;
  if (size > MAX_ACCOUNTS_FILE_BYTES) throw new AppError("invalid_input", `${file} is larger than 8 MiB`);
  return fs.readFileSync(file, "utf8");
}

/**
 * The scheduled sync: when the settings ask for one every N hours and the last is that old, the organization is
 * discovered again with the saved settings. A failed sync is tried again only after the same period.
 */
export async function syncFleetIfDue(db: Db, now: Date): Promise<Discovery | null> {
  const settings = getFleetSettings(db);
  if (!settings?.syncEveryHours || !fleetSyncDue(db, now, settings.syncEveryHours)) return null;
  markSyncAttempt(db, now);
  const file =
    settings.source === "file" && settings.accountsFile ? readAccountsFile(settings.accountsFile) : null;
  return discoverFleet(db, null, file);
}
