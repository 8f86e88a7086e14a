// Integration: the watching commands (`alerts`, `schedule`, `watch status`) through the same use cases as the routes,
// against the lab: a rule or schedule for a bucket the connection cannot see is refused, as the browser refuses it.
import { beforeAll, describe, expect, it } from "vitest";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { SeedManifest } from "@/scripts/lab/manifest";
import { readManifest } from "@/scripts/lab/read-manifest";
import { runCli, tempDataDir } from "./run-cli";

let lab: Lab;
let manifest: SeedManifest;
let dataDir: string;
const cli = (...args: string[]) => runCli([...args, "--data-dir", dataDir]);

beforeAll(async () => {
  lab = loadLab();
  manifest = readManifest(lab.dir);
  dataDir = tempDataDir();
  const added = await cli(
    "connection",
    "add",
    "--id",
    "lab",
    "--name",
    "lab",
    "--profile",
    lab.roles.audit.profile,
    "--endpoint-url",
    lab.endpoint,
    "--sts-endpoint-url",
    lab.endpoint,
    "--path-style",
    "--region",
    "us-east-1",
  );
  expect(added.code, added.stderr).toBe(0);
  const channel = await cli(
    "alerts",
    "channel-add",
    "--name",
    "ops",
    "--webhook",
    "https://hooks.example.com/x",
    "--secret",
    "a-secret-of-24-characters",
  );
  expect(channel.code, channel.stderr).toBe(0);
}, 60_000);

describe("watching from a terminal", () => {
  it("refuses an alert rule for a bucket the connection does not have, as the route does", async () => {
    const missing = `${manifest.buckets[0]!.name}-not-there`;
    const refused = await cli(
      "alerts",
      "rule-add",
      "--connection",
      "lab",
      "--bucket",
      missing,
      "--channel",
      "ops",
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`No bucket named ${missing} on connection lab.`);
    const bucket = manifest.buckets[0]!.name;
    const added = await cli(
      "alerts",
      "rule-add",
      "--connection",
      "lab",
      "--bucket",
      bucket,
      "--channel",
      "ops",
      "--threshold",
      "3",
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ bucket, connectionId: "lab", threshold: 3 });
  });

  it("adds, lists and removes a schedule with the route's checks and words", async () => {
    const bucket = manifest.buckets[0]!.name;
    const tooOften = await cli("schedule", "add", "--connection", "lab", "--bucket", bucket, "--every", "5m");
    expect(tooOften.code).toBe(2);
    expect(tooOften.stderr).toContain("Rescan at most every 15 minutes");
    const unknown = await cli(
      "schedule",
      "add",
      "--connection",
      "lab",
      "--bucket",
      `${bucket}-not-there`,
      "--every",
      "6h",
    );
    expect(unknown.code).toBe(1);
    const added = await cli("schedule", "add", "--connection", "lab", "--bucket", bucket, "--every", "6h");
    expect(added.code, added.stderr).toBe(0);
    const listed = JSON.parse((await cli("schedule", "list", "--connection", "lab")).stdout) as {
      bucket: string;
      everyHours: number;
      runs: unknown[];
    }[];
    expect(listed).toEqual([expect.objectContaining({ bucket, everyHours: 6, runs: [] })]);
    expect((await cli("schedule", "remove", "--connection", "lab", "--bucket", bucket)).code).toBe(0);
    const again = await cli("schedule", "remove", "--connection", "lab", "--bucket", bucket);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${bucket} has no schedule on lab`);
  });

  it("says a bucket is not watched, and how to watch it", async () => {
    const bucket = manifest.buckets[0]!.name;
    const status = await cli("watch", "status", "--connection", "lab", "--bucket", bucket);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain(`run: watch setup --connection lab --bucket ${bucket}`);
  });
});
