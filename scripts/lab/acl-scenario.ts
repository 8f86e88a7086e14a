// The disable-ACLs scenario: a bucket of B whose ACLs still matter (object grants to a third account and to
// everyone, a bucket ACL grant to another account, a policy that requires public-read writes and one that requires
// bucket-owner-full-control, foreign-owned objects), and logs in AWS's formats that say who relies on them.
// The gateway refuses grants to the log-delivery group ("Invalid group uri", measured), so that grant is covered by
// unit tests of the readiness report and the translation, not here.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  GetBucketAclCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { accessLogLine, trailFile, trailRecord } from "./acl-logs";
import { exists } from "./generate";
import type { Lab } from "./lab-env";

export const ACL_BUCKET = "account-b-acl-migration";
export const LOGS_BUCKET = "account-b-logs";
export const ACCESS_LOGS = "access-logs/";
export const CLOUDTRAIL = "cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/30/";

type ObjectSpec = { key: string; writer: "a" | "b"; acl?: PutObjectCommandInput["ACL"]; readers?: "c" };

const objects: ObjectSpec[] = [
  { key: "public/a.txt", writer: "a", acl: "public-read" },
  { key: "incoming/report.csv", writer: "a", acl: "bucket-owner-full-control" },
  { key: "shared/partner/one.csv", writer: "a", readers: "c" },
  { key: "shared/partner/two words+1.csv", writer: "a", readers: "c" },
  { key: "shared/partner/three.csv", writer: "b", readers: "c" },
  { key: "shared/partner-not/four.csv", writer: "b" },
  { key: "shared/internal.csv", writer: "b" },
  { key: "shared/locked.bin", writer: "a" },
  { key: "reports/c-only.csv", writer: "b", readers: "c" },
  { key: "reports/c-only.csv.bak", writer: "b" },
  { key: "b-own/x.txt", writer: "b" },
];

/** What the readiness report of this bucket must say: the ids of its blockers and breakers, nothing else. */
export function knownAnswer(lab: Lab, withLogs: boolean) {
  const a = lab.writer.canonicalId;
  const c = lab.thirdParty.canonicalId;
  return {
    /** Item ids by severity, sorted: compare with breakersOf(items). */
    breakers: {
      blocks: [`bucket-acl:${c}:READ`],
      "reader-loses": [
        `object-acl:${a}:FULL_CONTROL`,
        `object-acl:${c}:READ`,
        "object-acl:http://acs.amazonaws.com/groups/global/AllUsers:READ",
        ...(withLogs ? [`evidence-read:${lab.thirdParty.arn}`, "evidence-read:anonymous"] : []),
      ].sort(),
      "writer-refused": [
        "policy-acl:WritersMustSendPublicRead",
        ...(withLogs ? [`evidence-acl:${lab.writer.arn}`] : []),
      ].sort(),
    },
    /** The keys C reads today: its own grants and the public one. */
    readableByC: objects
      .filter((o) => o.readers === "c" || o.acl === "public-read")
      .map((o) => o.key)
      .sort(),
    keys: objects.map((o) => o.key).sort(),
  };
}

/** A plan's blockers and breakers as knownAnswer() writes them: item ids by severity, sorted. */
export const breakersOf = (items: { id: string; severity: string }[]) =>
  Object.fromEntries(
    (["blocks", "reader-loses", "writer-refused"] as const).map((severity) => [
      severity,
      items
        .filter((i) => i.severity === severity)
        .map((i) => i.id)
        .sort(),
    ]),
  );

export async function writeAclScenario(lab: Lab, bucket: string) {
  await lab.b.send(new CreateBucketCommand({ Bucket: bucket }));
  const resource = (prefix: string) => `arn:aws:s3:::${bucket}/${prefix}*`;
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WritersMustSendPublicRead",
        Effect: "Allow",
        Principal: { AWS: [lab.writer.arn] },
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: [resource("public/")],
        Condition: { StringEquals: { "s3:x-amz-acl": "public-read" } },
      },
      {
        Sid: "WritersMustSendBofc",
        Effect: "Allow",
        Principal: { AWS: [lab.writer.arn] },
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: [resource("incoming/")],
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
      {
        Sid: "PartnerExchange",
        Effect: "Allow",
        Principal: { AWS: [lab.writer.arn] },
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: [resource("shared/")],
      },
    ],
  };
  // Written with indentation and a trailing newline: a rollback must give back exactly this text.
  await lab.b.send(
    new PutBucketPolicyCommand({ Bucket: bucket, Policy: `${JSON.stringify(policy, null, 2)}\n` }),
  );
  for (const o of objects) {
    const client = o.writer === "a" ? lab.a : lab.b;
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: o.key,
        Body: `${o.key}\n`,
        ...(o.acl ? { ACL: o.acl } : {}),
        ...(o.readers
          ? {
              GrantRead: `id="${lab.thirdParty.canonicalId}"`,
              ...(o.writer === "a" ? { GrantFullControl: `id="${lab.bucketOwner.canonicalId}"` } : {}),
            }
          : {}),
      }),
    );
  }
  const acl = await lab.b.send(new GetBucketAclCommand({ Bucket: bucket }));
  await lab.b.send(
    new PutBucketAclCommand({
      Bucket: bucket,
      AccessControlPolicy: {
        Owner: acl.Owner,
        Grants: [
          ...(acl.Grants ?? []),
          { Grantee: { Type: "CanonicalUser", ID: lab.thirdParty.canonicalId }, Permission: "READ" },
        ],
      },
    }),
  );
}

/** Removes a bucket a test made (its few objects first), so the lab does not grow with every run. */
export async function removeBucket(lab: Lab, bucket: string) {
  const listed = await lab.b.send(new ListObjectsV2Command({ Bucket: bucket }));
  for (const o of listed.Contents ?? [])
    await lab.b.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key! }));
  await lab.b.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** The bucket's logs, with a known answer: C and anonymous read through ACLs, A sets ACLs other than bofc. */
export async function writeAclLogs(lab: Lab, logsBucket: string, bucket: string) {
  if (!(await exists(lab.b, logsBucket))) await lab.b.send(new CreateBucketCommand({ Bucket: logsBucket }));
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 10, minute, 0));
  const owner = lab.bucketOwner.canonicalId;
  const line = (
    minute: number,
    requester: string,
    operation: string,
    key: string | null,
    aclRequired: boolean,
  ) =>
    accessLogLine({ bucketOwner: owner, bucket, time: at(minute), requester, operation, key, aclRequired });
  const lines = [
    line(1, lab.thirdParty.arn, "REST.GET.OBJECT", "shared/partner/one.csv", true),
    line(2, lab.thirdParty.arn, "REST.GET.OBJECT", "shared/partner/two words+1.csv", true),
    line(3, lab.thirdParty.arn, "REST.GET.OBJECT", "reports/c-only.csv", true),
    line(4, "-", "REST.GET.OBJECT", "public/a.txt", true),
    line(5, lab.writer.arn, "REST.PUT.OBJECT", "incoming/report.csv", false),
    line(6, lab.writer.arn, "REST.PUT.ACL", "public/a.txt", false),
    line(7, owner, "REST.GET.OBJECT", "b-own/x.txt", false),
    line(8, lab.bucketOwner.arn, "REST.GET.BUCKET", null, false),
    // Another bucket's line, a line cut short, and one from before aclRequired was logged.
    accessLogLine({
      bucketOwner: owner,
      bucket: "another-bucket",
      time: at(9),
      requester: lab.thirdParty.arn,
      operation: "REST.GET.OBJECT",
      key: "x",
      aclRequired: true,
    }),
    'account-b bucket [30/Nov/2026:10:10:00 +0000] 192.0.2.3 "unterminated',
    accessLogLine({
      bucketOwner: owner,
      bucket,
      time: at(11),
      requester: lab.thirdParty.arn,
      operation: "REST.HEAD.OBJECT",
      key: "reports/c-only.csv",
      aclRequired: false,
      legacy: true,
    }),
  ];
  await lab.b.send(
    new PutObjectCommand({
      Bucket: logsBucket,
      Key: `${ACCESS_LOGS}2026-11-30-10-00-00-0123456789ABCDEF`,
      Body: `${lines.join("\n")}\n`,
    }),
  );
  const event = (
    minute: number,
    eventName: string,
    who: "a" | "c",
    key: string,
    extra: Partial<Parameters<typeof trailRecord>[0]> = {},
  ) =>
    trailRecord({
      time: at(minute),
      eventName,
      bucket,
      key,
      arn: who === "a" ? lab.writer.arn : lab.thirdParty.arn,
      accountId: who === "a" ? "444455556666" : "777788889999",
      aclRequired: false,
      ...extra,
    });
  const records = [
    event(20, "PutObject", "a", "public/b.txt", { acl: "public-read" }),
    event(21, "PutObject", "a", "incoming/second.csv", { acl: "bucket-owner-full-control" }),
    event(22, "GetObject", "c", "shared/partner/one.csv", { aclRequired: true }),
    event(23, "RunInstances", "a", "-", { eventSource: "ec2.amazonaws.com" }),
  ];
  await lab.b.send(
    new PutObjectCommand({
      Bucket: logsBucket,
      Key: `${CLOUDTRAIL}111122223333_CloudTrail_us-east-1_20261130T1020Z_x1.json.gz`,
      Body: trailFile(records),
    }),
  );
}
