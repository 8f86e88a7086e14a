// What every command of the CLI is: its flags (parsed strictly by node:util), its help, and what it runs.
import type { Db } from "@/lib/db";
import type { ParseArgsConfig } from "node:util";

export type Flags = Record<string, string | boolean | string[] | undefined>;

export type Command = {
  /** Shown by --help, and in the command list. */
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Flags without which it cannot run: named in the usage error. */
  required?: string[];
  run: (db: () => Db, flags: Flags, action: string | undefined) => Promise<number> | number;
};

/** A mistake in how the command was called: one line says what to change; exit status 2. */
export class UsageError extends Error {}

export function print(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
