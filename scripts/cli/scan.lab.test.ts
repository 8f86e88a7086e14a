// Integration: the `ownerscope scan` command as operators and CI pipelines run it, against the lab.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { SeedManifest } from "@/scripts/lab/manifest";
import { readManifest } from "@/scripts/lab/read-manifest";
import { ownerscopeBin, runCli, tempDataDir } from "./run-cli";

const run = promisify(execFile);
const repo = path.resolve(__dirname, "../..");
let lab: Lab;
let manifest: SeedManifest;

type Report = {
  bucket: string;
  bucketOwner: { id: string };
  ownership: { value: string; confirmed: boolean };
  summary: { total: number; byStatus: Record<string, number>; byOwner: Record<string, number> };
  objects: {
    key: string;
    owner: { id: string };
    status: string;
    bucketOwnerAccess: string;
    publicGrant: boolean | null;
  }[];
};

function scanRow(dataDir: string) {
  const db = new Database(path.join(dataDir, "ownerscope.db"), { readonly: true });
  try {
    return db.prepare("SELECT * FROM scans ORDER BY id DESC LIMIT 1").get() as
      Record<string, number | string> | undefined;
  } finally {
    db.close();
  }
}

async function seedGenerated(bucket: string, count: number, share: number) {
  await run(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/lab/seed.ts",
      "--objects",
      String(count),
      "--foreign-share",
      String(share),
      "--bucket",
      bucket,
      "--prefix",
      "k/",
    ],
    { cwd: repo },
  );
}

const simplify = (r: Report) =>
  r.objects.map((o) => [o.key, o.owner.id, o.status, o.bucketOwnerAccess].join("|"));

beforeAll(() => {
  lab = loadLab();
  manifest = readManifest(lab.dir);
});

describe("ownerscope scan --format json", () => {
  it("prints the contract's document with every seeded key byte for byte, and exits 3 on foreign keys", async () => {
    const { code, stdout, stderr } = await runCli([
      "scan",
      "--bucket",
      "account-b-no-bucket",
      "--profile",
      lab.roles.audit.profile,
      "--format",
      "json",
      "--mode",
      "full",
      "--data-dir",
      tempDataDir(),
    ]);
    expect(code, stderr).toBe(3);
    const report = JSON.parse(stdout) as Report;
    const truth = manifest.objects.filter((o) => o.bucket === "account-b-no-bucket");
    expect(report.bucket).toBe("account-b-no-bucket");
    expect(report.bucketOwner.id).toBe(manifest.bucketOwner.canonicalId);
    expect(report.ownership).toMatchObject({ value: "ObjectWriter", confirmed: false });
    expect(report.objects.map((o) => o.key).sort()).toEqual(truth.map((o) => o.key).sort());
    for (const o of truth) {
      const got = report.objects.find((x) => x.key === o.key)!;
      expect([got.owner.id, got.status, got.bucketOwnerAccess], o.key).toEqual([
        o.ownerId,
        o.status,
        o.bucketOwnerAccess,
      ]);
    }
    expect(report.summary.total).toBe(truth.length);
    expect(report.summary.byOwner[manifest.writer.canonicalId]).toBe(
      truth.filter((o) => o.ownerId === manifest.writer.canonicalId).length,
    );
    expect(Object.keys(report.objects[0]!)).toEqual([
      "key",
      "versionId",
      "owner",
      "status",
      "bucketOwnerAccess",
      "publicGrant",
      "grants",
      "size",
      "lastModified",
      "storageClass",
      "reason",
    ]);
  });

  it("exits 0 on a clean bucket, and fast mode reports owned keys with publicGrant null", async () => {
    const { code, stdout } = await runCli([
      "scan",
      "--bucket",
      "account-b-clean",
      "--profile",
      lab.roles.audit.profile,
      "--mode",
      "fast",
      "--format",
      "json",
      "--data-dir",
      tempDataDir(),
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(
      report.objects.every(
        (o) => o.status === "owned" && o.bucketOwnerAccess === "full-control" && o.publicGrant === null,
      ),
    ).toBe(true);
  });

  it("exits 2 with one line that says what to fix", async () => {
    const missing = await runCli([
      "scan",
      "--bucket",
      "no-such-bucket-ownerscope",
      "--profile",
      lab.roles.audit.profile,
      "--data-dir",
      tempDataDir(),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    const badFlag = await runCli(["scan", "--bucket", "account-b-clean", "--mode", "quick"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr.trim().split("\n")).toHaveLength(1);
    expect(badFlag.stderr).toMatch(/mode/);
    const noCreds = await runCli([
      "scan",
      "--bucket",
      "account-b-clean",
      "--profile",
      "no-such-profile-here",
      "--endpoint-url",
      lab.endpoint,
      "--data-dir",
      tempDataDir(),
    ]);
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toMatch(/credentials/);
  });
});

describe("resume after kill -9", () => {
  it("ends with exactly the findings of an uninterrupted scan: no key lost, none counted twice", async () => {
    const bucket = "resume-after-kill";
    await seedGenerated(bucket, 4000, 0.05);
    const args = [
      "scan",
      "--bucket",
      bucket,
      "--profile",
      lab.bucketOwner.profile,
      "--mode",
      "full",
      "--format",
      "json",
    ];

    const reference = await runCli([...args, "--data-dir", tempDataDir()]);
    expect(reference.code).toBe(3);

    const dataDir = tempDataDir();
    const child = spawn(
      process.execPath,
      [ownerscopeBin, ...args, "--concurrency", "2", "--data-dir", dataDir],
      {
        stdio: "ignore",
      },
    );
    // Kill it mid-scan, once part of the bucket is classified.
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const row = fs.existsSync(path.join(dataDir, "ownerscope.db")) ? scanRow(dataDir) : undefined;
      if (row && Number(row.classified) >= 400) break;
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const killed = scanRow(dataDir)!;
    expect(killed.status).toBe("running");
    expect(Number(killed.classified)).toBeGreaterThan(0);
    expect(Number(killed.classified)).toBeLessThan(4000);

    const resumed = await runCli([...args, "--data-dir", dataDir]);
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(resumed.stderr).toMatch(/resuming unfinished scan/);
    const after = scanRow(dataDir)!;
    expect(after).toMatchObject({ status: "completed", listed: 4000, classified: 4000, runs: 2 });
    expect(simplify(JSON.parse(resumed.stdout) as Report)).toEqual(
      simplify(JSON.parse(reference.stdout) as Report),
    );
  });
});

describe("throttling", () => {
  let port = 0;
  beforeAll(async () => {
    port = 20000 + Math.floor(Math.random() * 20000);
    await run("bash", [path.join(repo, "scripts/lab/lab"), "throttled", "up", String(port), "2"], {
      env: { ...process.env },
    });
  });
  afterAll(async () => {
    await run("bash", [path.join(repo, "scripts/lab/lab"), "throttled", "down"], { env: { ...process.env } });
  });

  it("backs off on real 503 SlowDown and still ends complete and correct", async () => {
    const bucket = "throttled-scan";
    await seedGenerated(bucket, 1500, 0.1);
    const base = [
      "scan",
      "--bucket",
      bucket,
      "--profile",
      lab.bucketOwner.profile,
      "--format",
      "json",
      "--mode",
      "full",
    ];
    const reference = await runCli([...base, "--data-dir", tempDataDir()]);
    const dataDir = tempDataDir();
    const throttled = await runCli([
      ...base,
      "--endpoint-url",
      `http://127.0.0.1:${port}`,
      "--concurrency",
      "48",
      "--data-dir",
      dataDir,
    ]);
    expect(throttled.code, throttled.stderr).toBe(3);
    const row = scanRow(dataDir)!;
    expect(Number(row.throttled), "the gateway really answered 503 SlowDown").toBeGreaterThan(0);
    expect(row).toMatchObject({ status: "completed", classified: 1500, count_unknown: 0 });
    expect(simplify(JSON.parse(throttled.stdout) as Report)).toEqual(
      simplify(JSON.parse(reference.stdout) as Report),
    );
  });
});
