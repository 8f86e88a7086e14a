// For tests and benchmarks: runs the `ownerscope` command as a user would, and never throws on a non-zero exit.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ownerscopeBin = path.resolve(import.meta.dirname, "../ownerscope.mjs");

export async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [ownerscopeBin, ...args], {
      cwd: os.tmpdir(),
      maxBuffer: 1 << 28,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-cli-"));
