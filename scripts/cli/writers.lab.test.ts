// Integration: `ownerscope writers` on the lab. The gateway writes no access logs or CloudTrail, so the test writes
// a day of each in AWS's formats into a lab bucket, naming known writers: the foreign account writing the keys the
// scan finds locked (Spark's S3A agent, in the access log), a Firehose session writing without the ACL and a CLI
// user writing with it (in CloudTrail), and the bucket owner's own writer. The command reads them through the
// gateway and must name exactly the three foreign writers, with their tools, verdicts and fixes.
import { randomUUID } from "node:crypto";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLogLine, trailFile, trailRecord } from "@/scripts/lab/acl-logs";
import { removeBucket } from "@/scripts/lab/acl-scenario";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import { runCli, scanAsOwner, tempDataDir } from "./run-cli";

const BUCKET = "account-b-no-bucket";
const LOGS = `writers-logs-${randomUUID().slice(0, 8)}`;
const S3A =
  "Hadoop 3.3.4, aws-sdk-java/1.12.262 Linux/6.4.7 OpenJDK_64-Bit_Server_VM/25.292-b10 java/1.8.0_292 scala/2.12.17";
const FIREHOSE = "arn:aws:sts::222222222222:assumed-role/firehose_delivery_to_S3_role/AWSFirehoseToS3";
const CLI_USER = "arn:aws:iam::333333333333:user/alice";
const CLI_AGENT = "aws-cli/2.15.53 md/awscrt#0.19.19 ua/2.0 os/linux#6.1 md/command#s3.cp";

let lab: Lab;
const dataDir = tempDataDir();
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));

type Listed = {
  writers: {
    index: number;
    principal: string;
    session: string | null;
    tool: { id: string } | null;
    verdict: string;
    lockedKeys: number;
    toolVersion: string | null;
  }[];
  ownWriters: number;
};

const flags = () => [
  "--bucket",
  BUCKET,
  "--profile",
  lab.bucketOwner.profile,
  "--data-dir",
  dataDir,
  "--principal",
  `${lab.bucketOwner.canonicalId}=${lab.bucketOwner.arn}`,
  "--principal",
  `${lab.writer.canonicalId}=${lab.writer.arn}`,
];

beforeAll(async () => {
  lab = loadLab();
  const { code, stderr, objects } = await scanAsOwner(lab, BUCKET, dataDir);
  expect(code, stderr).toBe(3);
  const locked = objects.filter((o) => o.status === "foreign-locked").map((o) => o.key);
  const readable = objects.filter((o) => o.status === "foreign-full-control").map((o) => o.key);
  const owned = objects.filter((o) => o.status === "owned").map((o) => o.key);
  expect(locked.length).toBeGreaterThan(2);
  const line = (requester: string, key: string, minute: number, userAgent: string) =>
    accessLogLine({
      bucketOwner: lab.bucketOwner.canonicalId,
      bucket: BUCKET,
      time: at(minute),
      requester,
      operation: "REST.PUT.OBJECT",
      key,
      aclRequired: false,
      userAgent,
    });
  const access = [
    ...locked.slice(0, 3).map((k, i) => line(lab.writer.arn, k, i, S3A)),
    line(lab.bucketOwner.arn, owned[0]!, 5, "aws-sdk-js/3.922.0 ua/2.1 lang/js"),
    line(lab.writer.arn, locked[0]!, 6, S3A).replace("REST.PUT.OBJECT", "REST.GET.OBJECT"),
  ].join("\n");
  const trail = trailFile([
    trailRecord({
      time: at(10),
      eventName: "PutObject",
      bucket: BUCKET,
      key: "firehose/1",
      arn: FIREHOSE,
      accountId: "222222222222",
      aclRequired: false,
      userAgent: "aws-internal/3 aws-sdk-java/1.12.414",
    }),
    trailRecord({
      time: at(11),
      eventName: "PutObject",
      bucket: BUCKET,
      key: "firehose/2",
      arn: FIREHOSE,
      accountId: "222222222222",
      aclRequired: false,
      userAgent: "aws-internal/3 aws-sdk-java/1.12.414",
    }),
    trailRecord({
      time: at(12),
      eventName: "PutObject",
      bucket: BUCKET,
      key: readable[0]!,
      arn: CLI_USER,
      accountId: "333333333333",
      aclRequired: false,
      acl: "bucket-owner-full-control",
      userAgent: CLI_AGENT,
    }),
  ]);
  await lab.b.send(new CreateBucketCommand({ Bucket: LOGS }));
  await lab.b.send(
    new PutObjectCommand({ Bucket: LOGS, Key: "access/2026-12-01-09-00-00-EXAMPLE", Body: `${access}\n` }),
  );
  await lab.b.send(
    new PutObjectCommand({ Bucket: LOGS, Key: "trail/2026/12/01/trail.json.gz", Body: trail }),
  );
}, 120_000);

afterAll(async () => {
  await removeBucket(lab, LOGS).catch(() => {});
});

describe("ownerscope writers", () => {
  it("list: reads the logs and names exactly the foreign writers, with tool, session and verdict; exits 3", async () => {
    const r = await runCli([
      "writers",
      "list",
      ...flags(),
      "--access-logs",
      `s3://${LOGS}/access/`,
      "--cloudtrail",
      `s3://${LOGS}/trail/`,
      "--format",
      "json",
    ]);
    expect(r.code, r.stderr).toBe(3);
    const listed = JSON.parse(r.stdout) as Listed;
    expect(listed.ownWriters).toBe(1);
    expect(
      listed.writers.map((w) => [w.principal, w.session, w.tool?.id ?? null, w.verdict, w.lockedKeys]),
    ).toEqual([
      [
        "arn:aws:iam::222222222222:role/firehose_delivery_to_S3_role",
        "AWSFirehoseToS3",
        "firehose",
        "without-acl",
        0,
      ],
      [lab.writer.arn, null, "hadoop-s3a", "without-acl", 3],
      [CLI_USER, null, "aws-cli", "with-acl", 0],
    ]);
    expect(listed.writers[1]!.toolVersion).toBe("3.3.4");
  });

  it("show: the fix at the writer's source, a message for its team and the guardrail; a bad number is usage", async () => {
    const r = await runCli(["writers", "show", "--writer", "2", ...flags()]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain("spark.hadoop.fs.s3a.acl.default=BucketOwnerFullControl");
    expect(r.stdout).toContain(
      "https://hadoop.apache.org/docs/stable/hadoop-aws/tools/hadoop-aws/index.html",
    );
    expect(r.stdout).toContain(`Objects written into s3://${BUCKET}/`);
    expect(r.stdout).toMatch(/aws s3api put-bucket-policy --bucket 'account-b-no-bucket' --policy '/);
    expect(r.stdout).toContain("s3:x-amz-object-ownership");
    const missing = await runCli(["writers", "show", "--writer", "99", ...flags()]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/there is no writer 99/)]);
    const noBucket = await runCli(["writers", "list", "--data-dir", dataDir]);
    expect(noBucket.code).toBe(2);
  });
});
