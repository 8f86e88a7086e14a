// Integration: the fleet commands on the lab's organization (scripts/lab/org-layout.ts), with the tests' own
// Organizations endpoint: discovery, a scan that names every broken account and bucket with its cause, a retry of
// the failed ones only, exports, a fix routed to the writer's account, and a scan through a throttled gateway.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { GetObjectAclCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor } from "@/lib/api/fixes";
import { fleetFilterSchema, fleetView } from "@/lib/api/fleet-view";
import { openDb } from "@/lib/db";
import { getConnection } from "@/lib/db/connections";
import { listFindings } from "@/lib/db/findings";
import { runFixJob } from "@/lib/jobs/fix-runner";
import { createPlannedJob, subjectOf } from "@/lib/jobs/fixes";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import * as org from "@/scripts/lab/org-layout";
import { startOrganizationsServer, type OrganizationsServer } from "@/scripts/lab/organizations-server";
import { runCli, tempDataDir } from "./run-cli";

const run = promisify(execFile);
const repo = path.resolve(__dirname, "../..");
let lab: Lab;
let organizations: OrganizationsServer;
const dataDir = tempDataDir();

const admin = (...args: string[]) =>
  run("radosgw-admin", ["-c", path.join(lab.dir, "ceph.conf"), "-n", "client.admin", ...args]);
const sandboxOne = "410000000011";

async function dropRepair() {
  await admin(
    "role-policy",
    "delete",
    "--tenant",
    sandboxOne,
    "--role-name",
    org.READ_ROLE,
    "--policy-name",
    "main",
  ).catch(() => {});
  await admin("role", "delete", "--tenant", sandboxOne, "--role-name", org.READ_ROLE).catch(() => {});
}

beforeAll(async () => {
  lab = loadLab();
  await run("bash", [path.join(repo, "scripts/lab/lab"), "org"], {
    env: { ...process.env, OWNERSCOPE_LAB_DIR: lab.dir },
  });
  lab = loadLab(); // the org's profiles are in the AWS files now
  await dropRepair();
  organizations = await startOrganizationsServer([org.accessKeyOf(org.MANAGEMENT_ID)]);
}, 180_000);

afterAll(async () => {
  await dropRepair();
  await organizations?.close();
});

const discoverFlags = () => [
  ...org.discoverArgs(dataDir, lab.endpoint, organizations.url),
  "--format",
  "json",
];

type Status = {
  partial: boolean;
  foreignObjects: number;
  buckets: {
    accountId: string;
    bucket: string;
    state: string;
    foreignObjects: number;
    lockedObjects: number;
    writers: { name: string; inOrganization: boolean }[];
  }[];
  failures: { account: string; bucket: string | null; cause: string; detail: string }[];
};

describe("ownerscope fleet", () => {
  it("discover finds every ACTIVE account of the organization and no closed or suspended one", async () => {
    const r = await runCli(discoverFlags());
    expect(r.code, r.stderr).toBe(0);
    const found = JSON.parse(r.stdout) as {
      accounts: { id: string; ouPath: string[]; tags: Record<string, string> }[];
    };
    expect(found.accounts.map((a) => a.id).sort()).toEqual(
      org
        .members()
        .map((a) => a.id)
        .sort(),
    );
    expect(found.accounts.find((a) => a.id === "410000000001")).toMatchObject({
      ouPath: ["Prod", "Payments"],
      tags: { env: "prod", team: "payments" },
    });
    // Pages are two items long on this endpoint: every list was paged.
    expect(organizations.calls.filter((c) => c === "ListAccountsForParent").length).toBeGreaterThan(6);
  });

  it("refuses a caller the organization does not let in, and bad settings, with clear errors", async () => {
    const other = tempDataDir();
    const denied = await runCli([
      ...discoverFlags().map((f) =>
        f === dataDir ? other : f === org.profileOf(org.MANAGEMENT_ID) ? org.profileOf("410000000001") : f,
      ),
    ]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/Could not read the organization \(AccessDeniedException/);
    const usage = await runCli(["fleet", "discover", "--data-dir", other, "--read-role", "not a role"]);
    expect(usage.code).toBe(2);
    const scanFirst = await runCli(["fleet", "scan", "--data-dir", other]);
    expect(scanFirst.code).toBe(1);
    expect(scanFirst.stderr).toMatch(/fleet discover first/);
  });

  it("scan scans every reachable bucket, names each broken account and bucket with its cause, and exits 1", async () => {
    const r = await runCli(["fleet", "scan", "--data-dir", dataDir, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const s = JSON.parse(r.stdout) as Status;
    expect(s.partial).toBe(true);
    const causes = s.failures.map((f) => `${f.account} ${f.bucket ?? "-"} ${f.cause}`).sort();
    expect(causes).toEqual([
      `${org.DENYING_BUCKET.account} ${org.DENYING_BUCKET.bucket} bucket-policy-denied`,
      "410000000011 - role-missing",
      "410000000012 - role-denied",
    ]);
    const truth = org.foreignKeysByBucket();
    const reachable = org
      .members()
      .filter((a) => a.readRole === "ok")
      .flatMap((a) => a.buckets);
    const scanned = s.buckets.filter((b) => b.state === "scanned");
    expect(scanned.map((b) => b.bucket).sort()).toEqual(
      reachable.filter((b) => b !== org.DENYING_BUCKET.bucket).sort(),
    );
    for (const b of scanned) expect(b.foreignObjects, b.bucket).toBe(truth.get(b.bucket)?.count ?? 0);
    const payments = s.buckets.find((b) => b.bucket === "payments-prod-data")!;
    expect(payments.writers.map((w) => [w.name, w.inOrganization]).sort()).toEqual([
      [`ledger-prod (410000000002)`, true],
      [`outside the organization (${org.canonicalIdOf(org.OUTSIDE.id)})`, false],
    ]);
  }, 120_000);

  it("the fleet view ranks the buckets as the seeded truth says", () => {
    const db = openDb(path.join(dataDir, "ownerscope.db"));
    const view = fleetView(db, fleetFilterSchema.parse({}))!;
    db.close();
    const order = view.buckets.map((b) => b.bucket);
    // Unreadable objects an outside vendor wrote; then unreadable ones by inside writers, most first; then objects
    // the owner can read; then the bucket that fails to scan; then the clean ones, by name.
    const clean = org
      .members()
      .filter((a) => a.readRole === "ok")
      .flatMap((a) => a.buckets)
      .filter((b) => !org.foreignKeysByBucket().has(b) && b !== org.DENYING_BUCKET.bucket)
      .sort();
    expect(order).toEqual([
      "payments-prod-data",
      "data-prod-lake",
      "data-dev-scratch",
      "web-prod-assets",
      "logging-archive",
      org.DENYING_BUCKET.bucket,
      ...clean,
    ]);
    const counts = Object.fromEntries(view.problems.map((p) => [p.problem, p.buckets]));
    expect(counts).toEqual({ locked: 4, outside: 1, foreign: 5, public: 0, writing: 5, failing: 1 });
    expect(view.total).toBe(order.length);
  });

  it("retry the failed ones, after one is repaired, scans only it", async () => {
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam::${sandboxOne}:user/admin`] },
          Action: ["sts:AssumeRole"],
        },
      ],
    });
    const allow = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: [
            "s3:ListAllMyBuckets",
            "s3:ListBucket",
            "s3:GetBucketAcl",
            "s3:GetBucketPolicy",
            "s3:GetBucketVersioning",
            "s3:GetObjectAcl",
          ],
          Resource: ["arn:aws:s3:::*"],
        },
      ],
    });
    await admin(
      "role",
      "create",
      "--tenant",
      sandboxOne,
      "--role-name",
      org.READ_ROLE,
      "--path",
      "/",
      "--assume-role-policy-doc",
      trust,
    );
    await admin(
      "role-policy",
      "put",
      "--tenant",
      sandboxOne,
      "--role-name",
      org.READ_ROLE,
      "--policy-name",
      "main",
      "--policy-doc",
      allow,
    );
    const db = openDb(path.join(dataDir, "ownerscope.db"));
    const scansBefore = (db.prepare("SELECT count(*) AS n FROM scans").get() as { n: number }).n;
    const r = await runCli(["fleet", "scan", "--retry-failed", "--data-dir", dataDir, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1); // the two others are still broken
    const newScans = db.prepare("SELECT bucket FROM scans ORDER BY id").all().slice(scansBefore) as {
      bucket: string;
    }[];
    expect(newScans.map((x) => x.bucket)).toEqual(["sandbox-one-tmp"]);
    const s = JSON.parse(r.stdout) as Status;
    expect(s.failures.map((f) => f.account).sort()).toEqual([org.DENYING_BUCKET.account, "410000000012"]);
    db.close();
  }, 120_000);

  it("exports CSV, JSON and OCSF findings, naming writers outside the organization as such", async () => {
    const csv = await runCli(["fleet", "export", "--format", "csv", "--data-dir", dataDir]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toMatch(/^account_id,account_name,ou_path,bucket/);
    expect(lines.find((l) => l.includes("payments-prod-data"))).toMatch(/outside the organization/);
    const ocsf = await runCli(["fleet", "export", "--format", "ocsf", "--data-dir", dataDir]);
    const findings = JSON.parse(ocsf.stdout) as {
      class_uid: number;
      resources: { name: string }[];
      severity: string;
    }[];
    expect(findings.map((f) => f.resources[0]!.name).sort()).toEqual(
      [...org.foreignKeysByBucket().keys()].sort(),
    );
    expect(findings.every((f) => f.class_uid === 2004)).toBe(true);
    const bad = await runCli(["fleet", "export", "--format", "xml", "--data-dir", dataDir]);
    expect(bad.code).toBe(2);
  });

  it("a fix of objects another account of the organization wrote runs through that account, with nothing handed off", async () => {
    const db = openDb(path.join(dataDir, "ownerscope.db"));
    const owner = "410000000004";
    const writer = "410000000006";
    const connection = getConnection(db, `acct-${owner}`)!;
    const scanId = (
      db.prepare("SELECT scan_id FROM fleet_buckets WHERE bucket = 'data-prod-lake'").get() as {
        scan_id: number;
      }
    ).scan_id;
    const { scan, targets, context } = contextFor(db, connection, scanId);
    expect(targets.fixers[org.canonicalIdOf(writer)]).toMatchObject({
      profile: org.profileOf(writer),
      roleArn: null,
    });
    const findings = listFindings(
      db,
      scanId,
      { foreignNow: true },
      { after: null, limit: 100 },
      scan.bucketOwnerId,
    ).findings;
    expect(findings).toHaveLength(20);
    const jobId = createPlannedJob(db, {
      connectionId: connection.id,
      scanId,
      bucket: scan.bucket,
      targets,
      concurrency: 4,
      actor: "test",
      subjects: findings.map(subjectOf),
      requested: null,
      context,
    });
    const job = await runFixJob(db, jobId);
    const items = db.prepare("SELECT state, reason FROM fix_items WHERE job_id = ?").all(jobId) as {
      state: string;
      reason: string | null;
    }[];
    expect(
      items.filter((i) => i.state !== "fixed"),
      JSON.stringify(items.slice(0, 3)),
    ).toEqual([]);
    expect(job.status).toBe("completed");
    // The bucket owner reads every one now, with its own keys.
    const ownerClient = new S3Client({
      region: "us-east-1",
      endpoint: lab.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: org.accessKeyOf(owner), secretAccessKey: org.secretOf(owner) },
    });
    for (const f of findings) {
      const acl = await ownerClient.send(new GetObjectAclCommand({ Bucket: "data-prod-lake", Key: f.key }));
      expect(
        acl.Grants?.some(
          (g) => g.Grantee?.ID === org.canonicalIdOf(owner) && g.Permission === "FULL_CONTROL",
        ),
        f.key,
      ).toBe(true);
    }
    db.close();
  }, 120_000);

  it("through a throttled gateway it backs off on real 503 SlowDown, under one budget, and finds the same", async () => {
    await dropRepair(); // the organization as seeded: sandbox-one without its read role again
    const port = 20000 + Math.floor(Math.random() * 20000);
    const lab2 = { env: { ...process.env, OWNERSCOPE_LAB_DIR: lab.dir } };
    await run("bash", [path.join(repo, "scripts/lab/lab"), "throttled", "up", String(port), "2"], lab2);
    try {
      const throttledDir = tempDataDir();
      const flags = discoverFlags().map((f) =>
        f === dataDir ? throttledDir : f === lab.endpoint ? `http://127.0.0.1:${port}` : f,
      );
      expect((await runCli([...flags, "--concurrency", "24"])).code).toBe(0);
      const r = await runCli(["fleet", "scan", "--data-dir", throttledDir, "--format", "json"]);
      expect(r.code, r.stderr).toBe(1); // the lab's broken parts, and nothing else
      const s = JSON.parse(r.stdout) as Status;
      expect(s.failures.map((f) => f.cause).sort()).toEqual([
        "bucket-policy-denied",
        "role-denied",
        "role-missing",
      ]);
      const reference = Object.fromEntries(
        (
          JSON.parse(
            (await runCli(["fleet", "status", "--data-dir", dataDir, "--format", "json"])).stdout,
          ) as Status
        ).buckets
          .filter(
            (b) => b.state === "scanned" && b.bucket !== "data-prod-lake" && b.bucket !== "sandbox-one-tmp",
          )
          .map((b) => [b.bucket, b.foreignObjects]),
      );
      for (const [bucket, foreign] of Object.entries(reference))
        expect(s.buckets.find((b) => b.bucket === bucket)?.foreignObjects, bucket).toBe(foreign);
      const db = openDb(path.join(throttledDir, "ownerscope.db"));
      const { throttled } = db.prepare("SELECT sum(throttled) AS throttled FROM scans").get() as {
        throttled: number;
      };
      db.close();
      expect(throttled, "the gateway really answered 503 SlowDown").toBeGreaterThan(0);
    } finally {
      await run("bash", [path.join(repo, "scripts/lab/lab"), "throttled", "down"], lab2);
    }
  }, 180_000);
});
