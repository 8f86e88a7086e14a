// Integration: `ownerscope scan --inventory` reads a report of the lab, then `ownerscope handoff` writes the Batch
// Operations bundle for account A's keys of that scan, as an operator would run them.
import fs from "node:fs";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { applyCompletionReport } from "@/lib/api/handoff";
import { completionReportLines } from "@/lib/aws/batch";
import { openDb } from "@/lib/db";
import { getFinding } from "@/lib/db/findings";
import { getScan } from "@/lib/db/scans";
import { encodeManifestKey } from "@/lib/fix/batch-handoff";
import { exists } from "@/scripts/lab/generate";
import { reportRowsOf, writeReport } from "@/scripts/lab/inventory";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import type { SeedManifest } from "@/scripts/lab/manifest";
import { readManifest } from "@/scripts/lab/read-manifest";
import { runCli, tempDataDir } from "./run-cli";

const BUCKET = "account-b-no-bucket";
let lab: Lab;
let manifest: SeedManifest;
let dataDir: string;
let manifestKey: string;

beforeAll(async () => {
  lab = loadLab();
  manifest = readManifest(lab.dir);
  dataDir = tempDataDir();
  const rows = await reportRowsOf(lab, BUCKET);
  manifestKey = await writeReport(lab, BUCKET, "inventory-cli", "cli-test/", rows, {
    format: "CSV",
    withoutAcl: true,
  });
});

describe("ownerscope scan --inventory, then ownerscope handoff", () => {
  it("reads the report, checks live only what it lacks, and exits 3 on the foreign keys it finds", async () => {
    const { code, stdout, stderr } = await runCli([
      "scan",
      "--bucket",
      BUCKET,
      "--profile",
      lab.roles.audit.profile,
      "--inventory",
      `s3://inventory-cli/${manifestKey}`,
      "--format",
      "json",
      "--data-dir",
      dataDir,
    ]);
    expect(code, stderr).toBe(3);
    expect(stderr).toContain(
      "the report lacks ObjectAccessControlList: keys it leaves open are checked live",
    );
    const report = JSON.parse(stdout) as { objects: { key: string; status: string }[] };
    const truth = manifest.objects.filter((o) => o.bucket === BUCKET);
    expect(report.objects.map((o) => `${o.key}|${o.status}`).sort()).toEqual(
      truth.map((o) => `${o.key}|${o.status}`).sort(),
    );
  });

  it("writes manifests of exactly account A's keys, the job requests, the role and the commands", async () => {
    const out = path.join(dataDir, "handoff");
    const { code, stdout, stderr } = await runCli([
      "handoff",
      "--from-scan",
      "1",
      "--owner",
      manifest.writer.canonicalId,
      "--account-id",
      "111122223333",
      "--work-bucket",
      "a-batch-work",
      "--strategy",
      "reput",
      "--out",
      out,
      "--data-dir",
      dataDir,
    ]);
    expect(code, stderr).toBe(0);
    const theirs = manifest.objects.filter(
      (o) => o.bucket === BUCKET && o.ownerId === manifest.writer.canonicalId,
    );
    const summary = JSON.parse(stdout) as { objects: number; jobs: { name: string; manifest: string }[] };
    expect(summary.objects).toBe(theirs.length);
    // One job per storage class: the seed has STANDARD and STANDARD_IA objects of A's.
    expect(summary.jobs.map((j) => j.name).sort()).toEqual(["reput-standard", "reput-standard_ia"]);
    const keys = summary.jobs.flatMap((j) =>
      fs
        .readFileSync(path.join(out, j.manifest), "utf8")
        .trim()
        .split("\n")
        .map((line) => decodeURIComponent(line.split(",")[1]!.replace(/\+/g, " "))),
    );
    expect(keys.sort()).toEqual(theirs.map((o) => o.key).sort());
    const script = fs.readFileSync(path.join(out, "handoff.sh"), "utf8");
    expect(script).toContain("aws s3control create-job --account-id '111122223333'");
    const request = JSON.parse(fs.readFileSync(path.join(out, "reput-standard_ia-create-job.json"), "utf8"));
    expect(request.Operation.S3PutObjectCopy).toMatchObject({
      MetadataDirective: "COPY",
      StorageClass: "STANDARD_IA",
    });
    expect(
      JSON.parse(fs.readFileSync(path.join(out, "role-trust-policy.json"), "utf8")).Statement[0].Principal,
    ).toEqual({
      Service: "batchoperations.s3.amazonaws.com",
    });
  });

  it("exits 2 with one line when a flag is wrong", async () => {
    const { code, stderr } = await runCli(["handoff", "--from-scan", "1", "--data-dir", dataDir]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe("ownerscope: handoff needs --out DIR");
  });

  it("a finished job's completion report moves the keys it fixed to their end state in the scan", async () => {
    const theirs = manifest.objects.filter(
      (o) => o.bucket === BUCKET && o.ownerId === manifest.writer.canonicalId,
    );
    const [failed, ...fixed] = theirs.map((o) => o.key);
    // The report as S3 writes it into the owner's bucket, for job "job-42".
    if (!(await exists(lab.a, "a-batch-work")))
      await lab.a.send(new CreateBucketCommand({ Bucket: "a-batch-work" }));
    const prefix = `ownerscope/${BUCKET}/reports/job-job-42`;
    const line = (key: string, ok: boolean) =>
      `${BUCKET},${encodeManifestKey(key)},,${ok ? "succeeded,,200,Successful" : "failed,AccessDenied,403,Access Denied"}`;
    const results = `${prefix}/results/r1.csv`;
    await lab.a.send(
      new PutObjectCommand({
        Bucket: "a-batch-work",
        Key: results,
        Body: [line(failed!, false), ...fixed.map((k) => line(k, true))].join("\n"),
      }),
    );
    await lab.a.send(
      new PutObjectCommand({
        Bucket: "a-batch-work",
        Key: `${prefix}/manifest.json`,
        Body: JSON.stringify({
          Format: "Report_CSV_20180820",
          Results: [{ TaskExecutionStatus: "succeeded", Bucket: "a-batch-work", Key: results }],
        }),
      }),
    );
    const db = openDb(path.join(dataDir, "ownerscope.db"));
    const scan = getScan(db, 1)!;
    const counts = await applyCompletionReport(
      db,
      scan,
      completionReportLines(
        lab.target(lab.roles.fix.profile),
        "a-batch-work",
        `ownerscope/${BUCKET}/reports`,
        "job-42",
      ),
      { jobId: "job-42", owner: lab.writer.canonicalId },
    );
    expect(counts).toEqual({ succeeded: fixed.length, failed: 1, applied: fixed.length });
    // The scan keeps what it saw; the report's word stands beside each finding it names.
    for (const key of fixed) {
      const finding = getFinding(db, 1, key, "")!;
      expect(finding.status, key).toBe(theirs.find((o) => o.key === key)!.status);
      expect(finding.now, key).toMatchObject({
        status: "foreign-full-control",
        batchJobId: "job-42",
        reason: "reported by Batch Operations (job job-42), not read back from S3",
      });
    }
    expect(getFinding(db, 1, failed!, "")?.status).toBe(theirs[0]!.status);
    expect(getFinding(db, 1, failed!, "")?.now).toBeNull();
    db.close();
  });
});
