// Ownerscope's command line. `npm run cli -- <command> [flags]`; `--help` lists the commands.
import os from "node:os";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ZodError } from "zod";
import { allowLocation, forbidLocation } from "@/lib/api/inventory-locations";
import { openDb, type Db } from "@/lib/db";
import {
  getConnection,
  listAccounts,
  listConnections,
  saveAccount,
  saveConnection,
} from "@/lib/db/connections";
import { listInventoryLocations } from "@/lib/db/inventory-locations";
import { dbFileIn } from "@/lib/env";
import { AppError, formatIssues } from "@/lib/errors";
import { inventoryLocationInputSchema } from "@/lib/schemas/scan";
import { FixUsageError, fixCommand, fixOptions, fixUsage } from "./fix";
import { HandoffUsageError, handoffCommand, handoffOptions, handoffUsage } from "./handoff";
import { scanCommand, scanOptions, scanUsage } from "./scan";
import { UserUsageError, userCommand, userOptions, userUsage } from "./user";

// The SDK's notice about future Node versions is noise on every run of a pinned SDK.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const usage = `usage: ownerscope <command> [flags]

commands:
  scan             audit a bucket: see "ownerscope scan --help"
  fix              fix foreign-owned objects: see "ownerscope fix --help"
  handoff          an S3 Batch Operations bundle for one foreign account: see "ownerscope handoff --help"
  user             add users, set passwords and roles, make a one-time sign-in link: "ownerscope user --help"
  connection add   --id ID --name NAME [--profile P] [--role-arn ARN] [--external-id X] [--role-session-name S]
                   [--region R] [--endpoint-url URL] [--sts-endpoint-url URL] [--path-style]
                   [--owner-profile P] [--owner-role-arn ARN]
  connection list
  account add      --connection ID --canonical-id CID --name NAME [--fixer-profile P] [--fixer-role-arn ARN]
                   [--fixer-external-id X]
  account list     --connection ID
  inventory-location add|remove --connection ID --location s3://BUCKET/PREFIX/
                   allow (or stop allowing) the browser to read S3 Inventory reports there, beside the
                   destinations the buckets' inventory configurations name
  inventory-location list --connection ID

common flags:
  --data-dir DIR   where the SQLite store lives (default: $OWNERSCOPE_DATA_DIR, else ./data)`;

class UsageError extends Error {}

const common = { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } } as const;

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...common, ...options }, allowPositionals: false, strict: true })
      .values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const dbFor = (dataDir: string | undefined): Db => openDb(dbFileIn(dataDir));

const orNull = (v: string | undefined) => v ?? null;

function print(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function run(argv: string[]): Promise<number> {
  const [group, action, ...rest] = argv;
  if (!group || group === "--help" || group === "-h" || group === "help") {
    process.stdout.write(`${usage}\n`);
    return group ? 0 : 2;
  }
  if (group === "scan") {
    const v = parse(argv.slice(1), scanOptions);
    if (v.help) {
      process.stdout.write(`${scanUsage}\n`);
      return 0;
    }
    if (!v.bucket) throw new UsageError("scan needs --bucket");
    return scanCommand(dbFor(v["data-dir"]), v, process.stderr, process.stdout);
  }
  if (group === "user") {
    const v = parse(rest, userOptions);
    if (v.help || action === "--help") {
      process.stdout.write(`${userUsage}\n`);
      return 0;
    }
    return userCommand(dbFor(v["data-dir"]), action, v);
  }
  if (group === "fix") {
    const v = parse(argv.slice(1), fixOptions);
    if (v.help) {
      process.stdout.write(`${fixUsage}\n`);
      return 0;
    }
    if (!v.bucket) throw new UsageError("fix needs --bucket");
    return fixCommand(dbFor(v["data-dir"]), v, process.stderr, process.stdout);
  }
  if (group === "handoff") {
    const v = parse(argv.slice(1), handoffOptions);
    if (v.help) {
      process.stdout.write(`${handoffUsage}\n`);
      return 0;
    }
    return handoffCommand(dbFor(v["data-dir"]), v, process.stdout);
  }
  const command = `${group} ${action ?? ""}`.trim();
  switch (command) {
    case "connection add": {
      const v = parse(rest, {
        id: { type: "string" },
        name: { type: "string" },
        profile: { type: "string" },
        "role-arn": { type: "string" },
        "external-id": { type: "string" },
        "role-session-name": { type: "string" },
        region: { type: "string" },
        "endpoint-url": { type: "string" },
        "sts-endpoint-url": { type: "string" },
        "path-style": { type: "boolean" },
        "owner-profile": { type: "string" },
        "owner-role-arn": { type: "string" },
      });
      if (!v.id || !v.name) throw new UsageError("connection add needs --id and --name");
      print(
        saveConnection(dbFor(v["data-dir"]), {
          id: v.id,
          name: v.name,
          profile: orNull(v.profile),
          roleArn: orNull(v["role-arn"]),
          externalId: orNull(v["external-id"]),
          sessionName: orNull(v["role-session-name"]),
          region: v.region ?? "us-east-1",
          endpointUrl: orNull(v["endpoint-url"]),
          stsEndpointUrl: orNull(v["sts-endpoint-url"]),
          forcePathStyle: v["path-style"] ?? false,
          ownerProfile: orNull(v["owner-profile"]),
          ownerRoleArn: orNull(v["owner-role-arn"]),
        }),
      );
      return 0;
    }
    case "connection list": {
      const v = parse(rest, {});
      print(listConnections(dbFor(v["data-dir"])));
      return 0;
    }
    case "account add": {
      const v = parse(rest, {
        connection: { type: "string" },
        "canonical-id": { type: "string" },
        name: { type: "string" },
        "fixer-profile": { type: "string" },
        "fixer-role-arn": { type: "string" },
        "fixer-external-id": { type: "string" },
      });
      if (!v.connection || !v["canonical-id"] || !v.name) {
        throw new UsageError("account add needs --connection, --canonical-id and --name");
      }
      const db = dbFor(v["data-dir"]);
      if (!listConnections(db).some((c) => c.id === v.connection)) {
        throw new UsageError(`no connection "${v.connection}"; add it first with: connection add`);
      }
      print(
        saveAccount(db, v.connection, {
          canonicalId: v["canonical-id"],
          name: v.name,
          fixerProfile: orNull(v["fixer-profile"]),
          fixerRoleArn: orNull(v["fixer-role-arn"]),
          fixerExternalId: orNull(v["fixer-external-id"]),
        }),
      );
      return 0;
    }
    case "account list": {
      const v = parse(rest, { connection: { type: "string" } });
      if (!v.connection) throw new UsageError("account list needs --connection");
      print(listAccounts(dbFor(v["data-dir"]), v.connection));
      return 0;
    }
    case "inventory-location add":
    case "inventory-location remove":
    case "inventory-location list": {
      const v = parse(rest, { connection: { type: "string" }, location: { type: "string" } });
      if (!v.connection) throw new UsageError(`${command} needs --connection`);
      const db = dbFor(v["data-dir"]);
      if (!getConnection(db, v.connection)) throw new UsageError(`no connection "${v.connection}"`);
      if (action !== "list") {
        if (!v.location) throw new UsageError(`${command} needs --location s3://BUCKET/PREFIX/`);
        const { location } = inventoryLocationInputSchema.parse({ location: v.location });
        if (action === "add") allowLocation(db, v.connection, location, `cli:${os.userInfo().username}`);
        else forbidLocation(db, v.connection, location);
      }
      print(listInventoryLocations(db, v.connection));
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"; run with --help for the list`);
  }
}

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof FixUsageError ||
    error instanceof UserUsageError ||
    error instanceof HandoffUsageError ||
    error instanceof ZodError
  ) {
    const message = error instanceof ZodError ? formatIssues(error.issues) : error.message;
    process.stderr.write(`ownerscope: ${message}\n`);
    process.exitCode = 2;
  } else if (error instanceof AppError) {
    process.stderr.write(`ownerscope: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`ownerscope: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
