// Integration: real clients write into a lab bucket without bucket-owner-full-control (the aws CLI, a Node script
// with the AWS SDK, and a role session named as Firehose names its own), the lab's log delivery turns the gateway's
// record of those requests into S3 server access logs (scripts/lab/log-delivery.ts), and `ownerscope writers` must
// name exactly those three writers, each with its tool and the setting that stops it.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import { deliverAccessLogs } from "@/scripts/lab/log-delivery";
import { scanAsOwner, tempDataDir, writersAsOwner } from "./run-cli";

const run = promisify(execFile);
const suffix = randomUUID().slice(0, 8);
const BUCKET = `writers-clients-${suffix}`;
const LOGS = `writers-clients-logs-${suffix}`;
const dataDir = tempDataDir();
let lab: Lab;

type Listed = {
  writers: {
    principal: string;
    session: string | null;
    tool: { id: string } | null;
    toolVersion: string | null;
    job: string | null;
    writes: number;
    fix: { example: string } | null;
    verdict: string;
  }[];
  ownWriters: number;
};

/** The writer's own Node process with a plain S3 client, as any team's script would write. */
async function nodeScriptPut(key: string) {
  const script = `
    import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
    const s3 = new S3Client({ region: "us-east-1", endpoint: process.env.EP, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: process.env.KEY, Body: "from a script" }));
  `;
  await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: path.resolve("."),
    env: { ...process.env, AWS_PROFILE: lab.writer.profile, EP: lab.endpoint, BUCKET, KEY: key },
  });
}

/** A session of the writer's role named as Firehose names its own. */
async function firehoseSessionPut(keys: string[]) {
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: lab.endpoint,
    credentials: fromIni({ profile: lab.writer.profile }),
  });
  const session = await sts.send(
    new AssumeRoleCommand({ RoleArn: lab.roles.fix.arn, RoleSessionName: "AWSFirehoseToS3" }),
  );
  const c = session.Credentials!;
  const s3 = new S3Client({
    region: "us-east-1",
    endpoint: lab.endpoint,
    forcePathStyle: true,
    credentials: {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    },
  });
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "a record" }));
}

beforeAll(async () => {
  lab = loadLab();
  const since = new Date(Date.now() - 1000);
  await lab.b.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await lab.b.send(new CreateBucketCommand({ Bucket: LOGS }));
  await lab.b.send(
    new PutBucketPolicyCommand({
      Bucket: BUCKET,
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: [lab.writer.arn, lab.roles.fix.arn] },
            Action: ["s3:PutObject"],
            Resource: [`arn:aws:s3:::${BUCKET}/*`],
          },
        ],
      }),
    }),
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "writers-clients-")), "report.csv");
  fs.writeFileSync(file, "a,b\n1,2\n");
  for (const n of [1, 2])
    await run("aws", [
      "--endpoint-url",
      lab.endpoint,
      "--profile",
      lab.writer.profile,
      "s3",
      "cp",
      file,
      `s3://${BUCKET}/exports/report-${n}.csv`,
    ]);
  await nodeScriptPut("scripts/out.json");
  await firehoseSessionPut([
    "stream/2026/12/07/part-1",
    "stream/2026/12/07/part-2",
    "stream/2026/12/07/part-3",
  ]);
  // The bucket owner's own write, which the view leaves out.
  await lab.b.send(new PutObjectCommand({ Bucket: BUCKET, Key: "own/readme.txt", Body: "mine" }));
  const scan = await scanAsOwner(lab, BUCKET, dataDir);
  expect(scan.code, scan.stderr).toBe(3);
  const delivered = await deliverAccessLogs(lab.dir, lab.b, {
    bucket: BUCKET,
    bucketOwner: lab.bucketOwner.canonicalId,
    since,
    logBucket: LOGS,
    prefix: "access/",
  });
  // The bucket's creation, its policy, seven writes and the scan's reads: the record has them all.
  expect(delivered.filter((l) => l.includes(" REST.PUT.OBJECT ")).length).toBe(7);
}, 180_000);

afterAll(async () => {
  await removeBucket(lab, BUCKET).catch(() => {});
  await removeBucket(lab, LOGS).catch(() => {});
});

describe("writers of real clients, from the lab's access logs", () => {
  it("names the aws CLI, the SDK script and the Firehose-named session, each with its setting", async () => {
    const r = await writersAsOwner(lab, "list", BUCKET, dataDir, [
      "--access-logs",
      `s3://${LOGS}/access/`,
      "--principal",
      `${lab.bucketOwner.canonicalId}=${lab.bucketOwner.arn}`,
      "--principal",
      `${lab.writer.canonicalId}=${lab.writer.arn}`,
      "--format",
      "json",
    ]);
    expect(r.code, r.stderr).toBe(3);
    const listed = JSON.parse(r.stdout) as Listed;
    expect(listed.ownWriters).toBe(1);
    const byTool = Object.fromEntries(listed.writers.map((w) => [w.tool?.id ?? "unknown", w]));
    expect(Object.keys(byTool).sort()).toEqual(["aws-cli", "aws-sdk-js-v3", "firehose"]);
    expect(byTool["aws-cli"]).toMatchObject({ principal: lab.writer.arn, session: null, writes: 2 });
    expect(byTool["aws-cli"]!.toolVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(byTool["aws-cli"]!.fix!.example).toContain("--acl bucket-owner-full-control");
    expect(byTool["aws-sdk-js-v3"]).toMatchObject({ principal: lab.writer.arn, writes: 1 });
    expect(byTool["aws-sdk-js-v3"]!.toolVersion).toMatch(/^3\./);
    expect(byTool["aws-sdk-js-v3"]!.fix!.example).toContain('ACL: "bucket-owner-full-control"');
    expect(byTool.firehose).toMatchObject({
      principal: lab.roles.fix.arn,
      session: "AWSFirehoseToS3",
      writes: 3,
    });
    expect(byTool.firehose!.fix!.example).toMatch(/BucketOwnerEnforced|Object Ownership|bucket owner/i);
    // The scan says the keys the writer's account wrote are locked: its two writers write without the ACL.
    expect([byTool["aws-cli"]!.verdict, byTool["aws-sdk-js-v3"]!.verdict]).toEqual([
      "without-acl",
      "without-acl",
    ]);
  });
});
