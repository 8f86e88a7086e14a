// Integration: `ownerscope fix` as operators and pipelines run it, against the lab.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { createSharedBucket, seedGenerated } from "@/scripts/lab/generate";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import { writeScenarioObjects } from "@/scripts/lab/scenario";
import { ownerscopeBin, runCli, tempDataDir } from "./run-cli";

let lab: Lab;

type FixReport = {
  bucket: string;
  strategy: string;
  objects: {
    key: string;
    versionId: string | null;
    strategy: string | null;
    result: string;
    ownerAfter: string | null;
    bucketOwnerAccessAfter: string | null;
    reason: string | null;
  }[];
  totals: { fixed: number; skipped: number; failed: number; changedSinceScan: number; planned: number };
};

beforeAll(() => {
  lab = loadLab();
});

const fresh = async (name: string) => {
  const bucket = `${name}-${process.pid}-${Date.now()}`;
  await createSharedBucket(lab, bucket);
  return { bucket, objects: await writeScenarioObjects(lab, bucket) };
};

describe("ownerscope fix --format json", () => {
  it("dry-runs, then fixes every foreign key of a bucket, with the contract's shape and exit codes", async () => {
    const { bucket, objects } = await fresh("cli-fix");
    const foreign = objects.filter((o) => o.ownerId !== lab.bucketOwner.canonicalId);
    const common = [
      "fix",
      "--bucket",
      bucket,
      "--all-foreign",
      "--profile",
      lab.roles.audit.profile,
      "--fixer",
      `${lab.writer.canonicalId}=${lab.roles.fix.profile}`,
      "--owner-profile",
      lab.roles.owner.profile,
      "--format",
      "json",
      "--data-dir",
      tempDataDir(),
    ];

    const dry = await runCli([...common, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as FixReport;
    expect(plan.totals).toEqual({
      fixed: 0,
      skipped: 0,
      failed: 0,
      changedSinceScan: 0,
      planned: foreign.length,
    });
    expect(plan.objects.every((o) => o.result === "planned")).toBe(true);

    const done = await runCli(common);
    expect(done.code, done.stderr).toBe(0);
    const report = JSON.parse(done.stdout) as FixReport;
    expect(report.bucket).toBe(bucket);
    expect(report.strategy).toBe("default");
    expect(report.totals).toEqual({
      fixed: foreign.length,
      skipped: 0,
      failed: 0,
      changedSinceScan: 0,
      planned: 0,
    });
    for (const o of report.objects) {
      expect(Object.keys(o).filter((k) => k !== "then")).toEqual([
        "key",
        "versionId",
        "strategy",
        "result",
        "ownerAfter",
        "bucketOwnerAccessAfter",
        "reason",
      ]);
      expect([o.result, o.ownerAfter, o.bucketOwnerAccessAfter], o.key).toEqual([
        "fixed",
        lab.bucketOwner.canonicalId,
        "full-control",
      ]);
    }
    expect(report.objects.map((o) => o.key).sort()).toEqual(foreign.map((o) => o.key).sort());

    // Run again: nothing foreign is left, so there is nothing to fix.
    const again = await runCli(common);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as FixReport).objects).toEqual([]);
  });

  it("names keys one by one; a key already in the end state is skipped with the reason; a missing key fails", async () => {
    const { bucket } = await fresh("cli-fix-keys");
    const { code, stdout } = await runCli([
      "fix",
      "--bucket",
      bucket,
      "--key",
      "from-user-a/with-acl/README.md",
      "--key",
      "from-user-a/README.md",
      "--key",
      "no/such/key",
      "--strategy",
      "reput",
      "--fixer",
      `${lab.writer.canonicalId}=${lab.roles.fix.profile}`,
      "--profile",
      lab.roles.audit.profile,
      "--format",
      "json",
      "--data-dir",
      tempDataDir(),
    ]);
    const report = JSON.parse(stdout) as FixReport;
    const byKey = new Map(report.objects.map((o) => [o.key, o]));
    expect(byKey.get("from-user-a/with-acl/README.md")).toMatchObject({
      result: "skipped",
      reason: expect.stringContaining("end state"),
    });
    expect(byKey.get("from-user-a/README.md")).toMatchObject({
      result: "fixed",
      ownerAfter: lab.writer.canonicalId,
      bucketOwnerAccessAfter: "full-control",
    });
    expect(byKey.get("no/such/key")).toMatchObject({ result: "failed", reason: "no such key" });
    expect(code).toBe(3);
  });

  it("without a fixer a locked key fails with what would make a fix possible; usage errors exit 2", async () => {
    const { bucket } = await fresh("cli-fix-nofixer");
    const { code, stdout } = await runCli([
      "fix",
      "--bucket",
      bucket,
      "--key",
      "from-user-a/README.md",
      "--profile",
      lab.roles.audit.profile,
      "--format",
      "json",
      "--data-dir",
      tempDataDir(),
    ]);
    expect(code).toBe(3);
    expect((JSON.parse(stdout) as FixReport).objects[0]!.reason).toBe(
      `configure a fixer for ${lab.writer.canonicalId}, or enforce the bucket`,
    );
    const usage = await runCli(["fix", "--bucket", bucket, "--key", "a", "--all-foreign"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/exactly one of --key, --all-foreign or --from-scan/);
    const badFixer = await runCli(["fix", "--bucket", bucket, "--all-foreign", "--fixer", "no-equals-sign"]);
    expect(badFixer.code).toBe(2);

    // Configuration errors are exit 2 with one line, before any object is touched.
    const read = ["--profile", lab.roles.audit.profile, "--format", "json", "--data-dir", tempDataDir()];
    const noBucket = await runCli(["fix", "--bucket", `${bucket}-missing`, "--all-foreign", ...read]);
    expect(noBucket.code).toBe(2);
    expect(noBucket.stderr.trim()).toBe(
      `ownerscope: Could not read the ACL of bucket ${bucket}-missing: the bucket does not exist.`,
    );
    const unusable = await runCli([
      "fix",
      "--bucket",
      bucket,
      "--all-foreign",
      "--fixer",
      `${lab.writer.canonicalId}=no-such-profile`,
      ...read,
    ]);
    expect(unusable.code).toBe(2);
    expect(unusable.stdout).toBe("");
    expect(unusable.stderr).toMatch(
      new RegExp(
        `^ownerscope: --fixer ${lab.writer.canonicalId}=no-such-profile: no usable credentials for profile no-such-profile`,
      ),
    );
  });

  it("enforce says plainly that RGW does not support Object Ownership, and changes nothing", async () => {
    const { bucket, objects } = await fresh("cli-fix-enforce");
    const { code, stdout } = await runCli([
      "fix",
      "--bucket",
      bucket,
      "--all-foreign",
      "--strategy",
      "enforce",
      "--profile",
      lab.bucketOwner.profile,
      "--format",
      "json",
      "--data-dir",
      tempDataDir(),
    ]);
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as FixReport;
    expect(report.objects).toEqual([
      expect.objectContaining({
        strategy: "enforce",
        result: "failed",
        reason: "the endpoint does not support Object Ownership (BucketOwnerEnforced)",
      }),
    ]);
    const scan = await runCli([
      "scan",
      "--bucket",
      bucket,
      "--profile",
      lab.bucketOwner.profile,
      "--format",
      "json",
      "--data-dir",
      tempDataDir(),
    ]);
    expect(JSON.parse(scan.stdout).summary.total).toBe(objects.length);
  });
});

describe("resume after kill -9", () => {
  it("continues the job without redoing finished objects", async () => {
    const bucket = `cli-fix-resume-${process.pid}-${Date.now()}`;
    await seedGenerated(lab, bucket, "k/", 240, 1);
    const dataDir = tempDataDir();
    const args = [
      "fix",
      "--bucket",
      bucket,
      "--all-foreign",
      "--strategy",
      "reput",
      "--profile",
      lab.roles.audit.profile,
      "--fixer",
      `${lab.writer.canonicalId}=${lab.roles.fix.profile}`,
      "--concurrency",
      "1",
      "--format",
      "json",
      "--data-dir",
      dataDir,
    ];
    const child = spawn(process.execPath, [ownerscopeBin, ...args], { stdio: "ignore" });
    const db = () => new Database(path.join(dataDir, "ownerscope.db"), { readonly: true });
    const fixedNow = () => {
      if (!fs.existsSync(path.join(dataDir, "ownerscope.db"))) return 0;
      const d = db();
      try {
        return (
          (
            d.prepare("SELECT count(*) AS n FROM fix_items WHERE state = 'fixed'").get() as
              { n: number } | undefined
          )?.n ?? 0
        );
      } catch {
        return 0; // the tables are not there yet
      } finally {
        d.close();
      }
    };
    for (let i = 0; i < 600 && fixedNow() < 30; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const d = db();
    const job = d.prepare("SELECT id, status FROM fix_jobs").get() as { id: number; status: string };
    const fixedBefore = (
      d.prepare("SELECT key FROM fix_items WHERE state = 'fixed'").all() as { key: string }[]
    ).map((r) => r.key);
    d.close();
    expect(job.status).toBe("running");
    expect(fixedBefore.length).toBeGreaterThan(0);
    expect(fixedBefore.length).toBeLessThan(240);

    const resumed = await runCli([
      "fix",
      "--bucket",
      bucket,
      "--resume-job",
      String(job.id),
      "--format",
      "json",
      "--data-dir",
      dataDir,
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as FixReport;
    expect(report.totals).toMatchObject({ fixed: 240, failed: 0 });
    const after = db();
    const audits = after
      .prepare("SELECT key, count(*) AS n FROM audit_log WHERE result = 'fixed' GROUP BY key")
      .all() as { key: string; n: number }[];
    after.close();
    const perKey = new Map(audits.map((a) => [a.key, a.n]));
    for (const key of fixedBefore) expect(perKey.get(key), `${key} was fixed again`).toBe(1);
    expect(perKey.size).toBe(240);
  });
});
