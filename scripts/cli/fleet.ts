// The fleet from a terminal: `fleet discover` finds the organization's accounts (or reads an accounts file),
// `fleet scan` scans every bucket of every account (`--retry-failed`: only what failed), `fleet status` says where
// each stands, `fleet export` writes it as CSV, JSON or OCSF. Exit status: 0 clean, 3 foreign objects found,
// 1 partial (an account or bucket failed), 2 usage.
import fs from "node:fs";
import path from "node:path";
import { discoverFleet, writerDirectory, fleetStatus, scanFleet, type FleetStatus } from "@/lib/api/fleet";
import type { Db } from "@/lib/db";
import { fleetCsvHeader, fleetCsvLine, fleetJsonRow, ocsfFinding } from "@/lib/export/fleet";
import { AccountsFileError, MAX_ACCOUNTS_FILE_BYTES, parseAccountsFile } from "@/lib/fleet/accounts-file";
import { causes, type Cause } from "@/lib/fleet/causes";
import type { FleetEvent } from "@/lib/jobs/fleet-scan";
import type { FleetSettingsInput } from "@/lib/schemas/fleet";
import { print, UsageError, type Command, type Flags } from "./command";
import { parseEvery } from "./watch";

const text = (v: Flags[string]) => (typeof v === "string" ? v : undefined);
const list = (v: Flags[string]) => (Array.isArray(v) ? v : typeof v === "string" ? [v] : []);
const json = (f: Flags) => text(f.format) === "json";

/** 1 when anything failed (the results are partial), else 3 when foreign objects were found, else 0. */
export const exitOf = (s: FleetStatus) => (s.partial ? 1 : s.foreignObjects > 0 ? 3 : 0);

function readAccountsFile(file: string): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new UsageError(`--accounts: cannot read ${file}`);
  }
  if (size > MAX_ACCOUNTS_FILE_BYTES) throw new UsageError(`--accounts: ${file} is larger than 8 MiB`);
  return fs.readFileSync(file, "utf8");
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag}: "${value}" is not a number`);
  return n;
}

/** The settings the flags give, or null when none is given (a sync with the saved settings). */
function settingsOf(f: Flags): FleetSettingsInput | null {
  if (!f["read-role"]) {
    const given = Object.keys(f).filter((k) => !["format", "data-dir", "accounts"].includes(k));
    if (given.length > 0) throw new UsageError(`fleet discover needs --read-role with --${given[0]}`);
    return null;
  }
  return {
    source: f.accounts ? "file" : "organizations",
    profile: text(f.profile) ?? null,
    organizationRoleArn: text(f["organization-role-arn"]) ?? null,
    readRole: text(f["read-role"])!,
    fixRole: text(f["fix-role"]) ?? null,
    fixThrough: f["fix-with-profile"] === true ? "profile" : "role",
    externalId: text(f["external-id"]) ?? null,
    profilePattern: text(f["profile-pattern"]) ?? null,
    region: text(f.region),
    endpointUrl: text(f["endpoint-url"]) ?? null,
    stsEndpointUrl: text(f["sts-endpoint-url"]) ?? null,
    organizationsEndpointUrl: text(f["organizations-endpoint-url"]) ?? null,
    forcePathStyle: f["path-style"] === true,
    includeOus: list(f["include-ou"]),
    skipOus: list(f["skip-ou"]),
    includeAccounts: list(f["include-account"]),
    skipAccounts: list(f["skip-account"]),
    syncEveryHours: f["sync-every"] ? parseEvery(text(f["sync-every"])!) : null,
    accountsFile: f.accounts ? path.resolve(text(f.accounts)!) : null,
    concurrency: number(text(f.concurrency), "concurrency"),
    fullScanAbove: number(text(f["full-above"]), "full-above"),
    useInventory: f["list-only"] !== true,
  };
}

const discover: Command = {
  usage: `fleet discover   --read-role NAME [--fix-role NAME | --fix-with-profile] [--external-id ID] [--profile P]
                   [--organization-role-arn ARN] [--accounts FILE] [--profile-pattern 'sso-{accountId}']
                   [--include-ou OU]... [--skip-ou OU]... [--include-account ID]... [--skip-account ID]...
                   [--region R] [--endpoint-url URL] [--sts-endpoint-url URL] [--organizations-endpoint-url URL]
                   [--path-style] [--concurrency N] [--full-above SHARE] [--list-only] [--sync-every 24h]
                   [--format json]
                   find the organization's ACTIVE accounts (or read an accounts file: CSV or JSON with id, name
                   and optionally role, externalId, profile, ou); onboard new ones, retire closed ones. A writer of
                   the organization fixes its own objects through its fix role (or its own profile: --fix-with-profile,
                   with --profile-pattern or per-account profiles). Without
                   --read-role it syncs with the settings saved by the last discovery; --sync-every has the server
                   do that itself every period (the accounts file is read again from where it was). A bucket with
                   a recent S3 Inventory report (with ObjectOwner) is scanned from it instead of listed, unless
                   --list-only`,
  options: {
    "read-role": { type: "string" },
    "fix-role": { type: "string" },
    "fix-with-profile": { type: "boolean" },
    "external-id": { type: "string" },
    profile: { type: "string" },
    "organization-role-arn": { type: "string" },
    accounts: { type: "string" },
    "profile-pattern": { type: "string" },
    "include-ou": { type: "string", multiple: true },
    "skip-ou": { type: "string", multiple: true },
    "include-account": { type: "string", multiple: true },
    "skip-account": { type: "string", multiple: true },
    region: { type: "string" },
    "endpoint-url": { type: "string" },
    "sts-endpoint-url": { type: "string" },
    "organizations-endpoint-url": { type: "string" },
    "path-style": { type: "boolean" },
    concurrency: { type: "string" },
    "full-above": { type: "string" },
    "list-only": { type: "boolean" },
    "sync-every": { type: "string" },
    format: { type: "string" },
  },
  run: async (db, f) => {
    const file = text(f.accounts);
    const contents = file ? readAccountsFile(file) : null;
    // A file that is not an accounts list is the caller's mistake (exit 2), said before anything is read or stored.
    if (contents !== null) {
      try {
        parseAccountsFile(contents);
      } catch (error) {
        if (error instanceof AccountsFileError) throw new UsageError(`--accounts ${file}: ${error.message}`);
        throw error;
      }
    }
    const result = await discoverFleet(db(), settingsOf(f), contents);
    for (const r of result.refused)
      process.stderr.write(
        `ownerscope: left out an entry Organizations listed (${JSON.stringify(r.id)}): ${r.reason}\n`,
      );
    if (json(f)) print(result);
    else {
      for (const a of result.accounts)
        process.stdout.write(`${a.id}  ${a.name}${a.ouPath.length ? `  (${a.ouPath.join(" / ")})` : ""}\n`);
      process.stderr.write(
        `${result.accounts.length} accounts; ${result.added.length} new, ${result.retired.length} retired` +
          `${result.retired.length ? ` (${result.retired.join(", ")})` : ""}\n`,
      );
    }
    return 0;
  },
};

function tell(event: FleetEvent) {
  const line =
    event.kind === "account"
      ? `account ${event.accountId} ${event.name}: ${event.buckets} buckets`
      : event.kind === "account-failed"
        ? `account ${event.accountId} ${event.name} FAILED: ${event.detail}`
        : event.kind === "bucket"
          ? `bucket ${event.bucket} (${event.accountId}): ${event.foreign} foreign, ${event.mode} scan ${event.scanId}`
          : `bucket ${event.bucket} (${event.accountId}) FAILED: ${event.detail}`;
  process.stderr.write(`${line}\n`);
}

/** What failed, with its cause, for the end of a scan and for status. */
function failures(s: FleetStatus) {
  return [
    ...s.accounts
      .filter((a) => a.health !== "ok")
      .map((a) => ({
        account: a.id,
        name: a.name,
        bucket: null,
        cause: a.health ?? "not-checked",
        detail: a.healthDetail ?? (a.health === null ? "not checked yet: run fleet scan" : null),
        since: a.failingSince,
      })),
    ...s.buckets
      .filter((b) => b.state !== "scanned")
      .map((b) => ({
        account: b.accountId,
        name: b.accountName,
        bucket: b.bucket,
        cause: b.cause ?? "pending",
        detail: b.detail ?? (b.state === "pending" ? "not scanned yet: run fleet scan" : null),
        since: b.failingSince,
      })),
  ];
}

function summary(db: Db, f: Flags): number {
  const s = fleetStatus(db);
  const failed = failures(s);
  if (json(f)) {
    const directory = writerDirectory(db);
    print({
      run: s.run,
      partial: s.partial,
      accounts: s.accounts.length,
      buckets: s.buckets.map((b) => fleetJsonRow(b, directory)),
      foreignObjects: s.foreignObjects,
      failures: failed,
    });
  } else {
    const scanned = s.buckets.filter((b) => b.state === "scanned").length;
    process.stdout.write(
      `${s.accounts.length} accounts, ${scanned} of ${s.buckets.length} buckets scanned, ` +
        `${s.foreignObjects} foreign objects${s.partial ? " (partial)" : ""}\n`,
    );
    for (const x of failed)
      process.stdout.write(
        `FAILED ${x.account} ${x.name}${x.bucket ? ` bucket ${x.bucket}` : ""}: ` +
          `${x.detail ?? causes[x.cause as Cause] ?? x.cause}${x.since ? ` (since ${x.since})` : ""}\n`,
      );
  }
  return exitOf(s);
}

const scan: Command = {
  usage: `fleet scan       [--retry-failed] [--format json]   scan every bucket of every account (fast mode, full
                   where a bucket's last foreign share is above --full-above); an interrupted run goes on where it
                   stopped; --retry-failed takes up only the accounts and buckets that failed last time`,
  options: { "retry-failed": { type: "boolean" }, format: { type: "string" } },
  run: async (db, f) => {
    const controller = new AbortController();
    const stop = () => controller.abort(new Error("interrupted"));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      await scanFleet(db(), f["retry-failed"] === true, {
        signal: controller.signal,
        onEvent: json(f) ? undefined : tell,
        onStart: (run, resumed) =>
          process.stderr.write(
            `fleet run ${run.id}${resumed ? " (going on where it stopped)" : ""} (${run.kind})\n`,
          ),
      });
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
    return summary(db(), f);
  },
};

const status: Command = {
  usage: `fleet status     [--format json]   every account and bucket of the fleet, what failed and why (exit as scan)`,
  options: { format: { type: "string" } },
  run: (db, f) => summary(db(), f),
};

const exportCommand: Command = {
  usage: `fleet export     --format csv|json|ocsf   every bucket of the fleet (OCSF: a Detection Finding for each bucket
                   holding foreign objects), on standard output`,
  options: { format: { type: "string" } },
  required: ["format"],
  run: (db, f) => {
    const format = text(f.format);
    if (format !== "csv" && format !== "json" && format !== "ocsf")
      throw new UsageError(`--format: "${format}" is not csv, json or ocsf`);
    const s = fleetStatus(db());
    const directory = writerDirectory(db());
    if (format === "csv") {
      process.stdout.write(fleetCsvHeader);
      for (const b of s.buckets) process.stdout.write(fleetCsvLine(b, directory));
    } else if (format === "json") print(s.buckets.map((b) => fleetJsonRow(b, directory)));
    else print(s.buckets.map((b) => ocsfFinding(b, directory, new Date())).filter((x) => x !== null));
    return 0;
  },
};

export const fleetCommands: Record<string, Command> = {
  "fleet discover": discover,
  "fleet scan": scan,
  "fleet status": status,
  "fleet export": exportCommand,
};
