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

type LabOwner = { bucketOwner: { profile: string } };

/** `ownerscope scan --format json` of a lab bucket as its owner, into `dataDir`: the exit code and what it found. */
export async function scanAsOwner(lab: LabOwner, bucket: string, dataDir: string) {
  const r = await runCli([
    "scan",
    "--bucket",
    bucket,
    "--profile",
    lab.bucketOwner.profile,
    "--data-dir",
    dataDir,
    "--format",
    "json",
  ]);
  const objects =
    r.code === 0 || r.code === 3
      ? (JSON.parse(r.stdout) as { objects: { key: string; status: string }[] }).objects
      : [];
  return { ...r, objects };
}

/** `ownerscope writers ACTION` of a lab bucket as its owner, in `dataDir`, with more flags. */
export const writersAsOwner = (
  lab: LabOwner,
  action: string,
  bucket: string,
  dataDir: string,
  more: string[],
) =>
  runCli([
    "writers",
    action,
    "--bucket",
    bucket,
    "--profile",
    lab.bucketOwner.profile,
    "--data-dir",
    dataDir,
    ...more,
  ]);
