import "server-only";
import fs from "node:fs";
import { organizationApi } from "@/lib/aws/organizations";
import type { Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import {
  fleetSyncDue,
  getFleetSettings,
  listFleetAccounts,
  markSyncAttempt,
  saveFleetSettings,
  syncFleetAccounts,
  type FleetAccountRecord,
} from "@/lib/db/fleet";
import { AppError } from "@/lib/errors";
import { fleetConnection } from "@/lib/fleet/access";
import { AccountsFileError, MAX_ACCOUNTS_FILE_BYTES, parseAccountsFile } from "@/lib/fleet/accounts-file";
import { discoverAccounts, type FleetAccount } from "@/lib/fleet/organization";
import { fleetSettingsSchema, type FleetSettings, type FleetSettingsInput } from "@/lib/schemas/fleet";

// Finding the fleet's accounts: the organization's tree (or an accounts file), made the stored fleet, each account
// with its connection; and the same on a schedule, so new accounts are onboarded and closed ones retired.

export type Discovery = {
  accounts: FleetAccountRecord[];
  added: string[];
  retired: string[];
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

async function accountsOf(
  settings: FleetSettings,
  accountsFile: string | null,
): Promise<
  (FleetAccount & {
    role?: string | null;
    externalId?: string | null;
    profile?: string | null;
  })[]
> {
  if (settings.source === "file") {
    if (accountsFile === null)
      throw new AppError("invalid_input", 'An accounts file is needed for source "file".');
    try {
      return parseAccountsFile(accountsFile)
        .filter((a) => !settings.skipAccounts.includes(a.id) && !settings.skipAccounts.includes(a.name))
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
    } catch (error) {
      if (error instanceof AccountsFileError)
        throw new AppError("invalid_input", `The accounts file: ${error.message}`);
      throw error;
    }
  }
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
    const e = error as { name?: string; message?: string };
    throw new AppError(
      "upstream_denied",
      `Could not read the organization (${e.name ?? "error"}: ${String(e.message ?? "").slice(0, 200)}). ` +
        "Discovery needs the management account or a delegated administrator, with organizations:List* allowed.",
      { cause: error },
    );
  }
}

/**
 * Finds the accounts and makes the stored fleet match: new accounts onboarded (each with its connection), the ones
 * gone retired. The settings are saved only once the discovery succeeded.
 */
export async function discoverFleet(
  db: Db,
  input: FleetSettingsInput | null,
  accountsFile: string | null,
): Promise<Discovery> {
  const settings = fleetSettingsFrom(db, input);
  const found = await accountsOf(settings, accountsFile);
  saveFleetSettings(db, settings);
  const { added, retired } = syncFleetAccounts(db, found);
  const accounts = listFleetAccounts(db);
  for (const a of accounts) saveConnection(db, fleetConnection(settings, a));
  return { accounts, added, retired };
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
