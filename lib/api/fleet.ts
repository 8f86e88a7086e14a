import "server-only";
import { organizationApi } from "@/lib/aws/organizations";
import type { Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import {
  getFleetSettings,
  listFleetAccounts,
  saveFleetSettings,
  syncFleetAccounts,
  type FleetAccountRecord,
} from "@/lib/db/fleet";
import { createFleetRun, latestFleetRun, type FleetRun } from "@/lib/db/fleet-runs";
import { fleetBucketRows } from "@/lib/db/fleet-view";
import { AppError } from "@/lib/errors";
import { fleetConnection } from "@/lib/fleet/access";
import { AccountsFileError, parseAccountsFile } from "@/lib/fleet/accounts-file";
import { discoverAccounts, type FleetAccount } from "@/lib/fleet/organization";
import { runFleetScan, type FleetRunOptions } from "@/lib/jobs/fleet-scan";
import { runnerGone } from "@/lib/jobs/scans";
import { fleetSettingsSchema, type FleetSettings, type FleetSettingsInput } from "@/lib/schemas/fleet";

// The fleet's use cases, for the CLI (and the routes): discover the organization's accounts, scan every bucket of
// every account, and say where each stands.

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

/**
 * Scans the fleet: an unfinished run whose runner is gone goes on where it stopped; otherwise a new run over every
 * account, or (`retryFailed`) over what failed last time only.
 */
export async function scanFleet(
  db: Db,
  retryFailed: boolean,
  o: FleetRunOptions & { onStart?: (run: FleetRun, resumed: boolean) => void } = {},
): Promise<FleetRun> {
  if (!getFleetSettings(db))
    throw new AppError("invalid_input", "The fleet is not set up: run fleet discover first.");
  const last = latestFleetRun(db);
  let runId: number;
  let resumed = false;
  if (last?.status === "running") {
    if (!runnerGone(last.runnerPid, last.heartbeatAt, 30_000))
      throw new AppError("conflict", `Fleet run ${last.id} is running (process ${last.runnerPid}).`);
    runId = last.id;
    resumed = true;
  } else {
    if (retryFailed && !last) throw new AppError("invalid_input", "There is no earlier fleet scan to retry.");
    runId = createFleetRun(db, retryFailed ? "failed" : "all");
  }
  o.onStart?.(latestFleetRun(db)!, resumed);
  await runFleetScan(db, runId, o);
  return latestFleetRun(db)!;
}

export type FleetStatus = {
  run: FleetRun | null;
  accounts: FleetAccountRecord[];
  buckets: ReturnType<typeof fleetBucketRows>;
  partial: boolean;
  foreignObjects: number;
};

export function fleetStatus(db: Db): FleetStatus {
  const accounts = listFleetAccounts(db);
  const buckets = fleetBucketRows(db);
  const run = latestFleetRun(db) ?? null;
  const partial =
    run?.status !== "completed" ||
    accounts.some((a) => a.health !== "ok") ||
    buckets.some((b) => b.state === "failed" || b.state === "pending");
  return {
    run,
    accounts,
    buckets,
    partial,
    foreignObjects: buckets.reduce((n, b) => n + b.foreignObjects, 0),
  };
}

/** The organization's accounts by canonical ID, for naming writers in exports. */
export function fleetDirectoryMap(db: Db): Map<string, { id: string; name: string }> {
  const map = new Map<string, { id: string; name: string }>();
  for (const a of listFleetAccounts(db, "all"))
    if (a.canonicalId) map.set(a.canonicalId, { id: a.id, name: a.name });
  return map;
}
