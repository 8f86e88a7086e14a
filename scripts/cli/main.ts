// Ownerscope's command line. `npm run cli -- <command> [flags]`; `--help` lists the commands, each in the table
// below with its flags, its help and what it runs.
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { openStore } from "@/lib/api/store";
import type { Db } from "@/lib/db";
import { AppError, formatIssues } from "@/lib/errors";
import { UsageError, type Command, type Flags } from "./command";
import { fixCommand, fixOptions, fixUsage } from "./fix";
import { fleetCommands } from "./fleet";
import { handoffCommand, handoffOptions, handoffUsage } from "./handoff";
import { migrateCommand, migrateOptions, migrateUsage } from "./migrate";
import { scanCommand, scanOptions, scanUsage } from "./scan";
import { setupCommands } from "./setup";
import { userCommand, userOptions, userUsage } from "./user";
import { watchCommands } from "./watch";
import { writersCommand, writersOptions, writersUsage } from "./writers";

// The SDK's notice about future Node versions is noise on every run of a pinned SDK.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

type Values = Parameters<typeof scanCommand>[1];

/** Commands whose flags follow the command's name directly (`ownerscope scan --bucket B`). */
const commands: Record<string, Command> = {
  scan: {
    usage: `scan             audit a bucket: see "ownerscope scan --help"`,
    options: scanOptions,
    run: (db, f) => {
      if (!f.bucket) throw new UsageError("scan needs --bucket");
      return scanCommand(db(), f as Values, process.stderr, process.stdout);
    },
  },
  fix: {
    usage: `fix              fix foreign-owned objects: see "ownerscope fix --help"`,
    options: fixOptions,
    run: (db, f) => {
      if (!f.bucket) throw new UsageError("fix needs --bucket");
      return fixCommand(db(), f as Parameters<typeof fixCommand>[1], process.stderr, process.stdout);
    },
  },
  handoff: {
    usage: `handoff          an S3 Batch Operations bundle for one foreign account: see "ownerscope handoff --help"`,
    options: handoffOptions,
    run: (db, f) => handoffCommand(db(), f as Parameters<typeof handoffCommand>[1], process.stdout),
  },
  migrate: {
    usage: `migrate          disable ACLs on a bucket safely (plan, apply, rollback): "ownerscope migrate --help"`,
    options: migrateOptions,
    required: ["bucket"],
    run: (db, f, action) => migrateCommand(db(), action, f, process.stderr, process.stdout),
  },
  writers: {
    usage: `writers          who keeps writing without bucket-owner-full-control, and the fix at the source: "ownerscope writers --help"`,
    options: writersOptions,
    required: ["bucket"],
    run: (db, f, action) => writersCommand(db(), action, f, process.stdout),
  },
  user: {
    usage: `user             add users, set passwords and roles, make a one-time sign-in link: "ownerscope user --help"`,
    options: userOptions,
    run: (db, f, action) => userCommand(db(), action, f as Parameters<typeof userCommand>[2]),
  },
};
const details: Record<string, string> = {
  scan: scanUsage,
  fix: fixUsage,
  handoff: handoffUsage,
  migrate: migrateUsage,
  writers: writersUsage,
  user: userUsage,
};

const usage = `usage: ownerscope <command> [flags]

commands:
${[...Object.values(commands), ...Object.values(setupCommands), ...Object.values(watchCommands), ...Object.values(fleetCommands)].map((c) => `  ${c.usage}`).join("\n")}

common flags:
  --data-dir DIR   where the SQLite store lives (default: $OWNERSCOPE_DATA_DIR, else ./data)`;

const common = { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } } as const;

function parse(args: string[], command: Command): Flags {
  try {
    return parseArgs({
      args,
      options: { ...common, ...command.options },
      allowPositionals: false,
      strict: true,
    }).values as Flags;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function run(argv: string[]): Promise<number> {
  const [group, action, ...rest] = argv;
  if (!group || group === "--help" || group === "-h" || group === "help") {
    process.stdout.write(`${usage}\n`);
    return group ? 0 : 2;
  }
  // `user`, `migrate` and `writers` take an action (`user add`); the setup commands are named by two words (`connection add`).
  const withAction = group === "user" || group === "migrate" || group === "writers";
  const direct = commands[group];
  const named = direct ? group : `${group} ${action ?? ""}`.trim();
  const command = direct ?? setupCommands[named] ?? watchCommands[named] ?? fleetCommands[named];
  if (!command) throw new UsageError(`unknown command "${named}"; run with --help for the list`);
  const args = withAction || !direct ? rest : argv.slice(1);
  const flags = parse(args, command);
  if (flags.help || (withAction && (action === "--help" || action === "-h"))) {
    process.stdout.write(`${details[group] ?? `usage: ownerscope ${command.usage}`}\n`);
    return 0;
  }
  const missing = (command.required ?? []).filter((r) => flags[r] === undefined);
  if (missing.length > 0)
    throw new UsageError(`${named} needs ${missing.map((r) => `--${r}`).join(" and ")}`);
  let db: Db | undefined;
  const dataDir = typeof flags["data-dir"] === "string" ? flags["data-dir"] : undefined;
  return command.run(() => (db ??= openStore(dataDir)), flags, action);
}

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ZodError) {
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
