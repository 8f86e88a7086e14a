// Integration: the bucket-policy guardrail on the lab's gateway. The bucket owner puts the policy Ownerscope
// generates (its own statements kept); a foreign writer's PutObject without bucket-owner-full-control is refused,
// the same write with it is accepted, and the bucket's posture reads the policy as requiring the ACL.
import { randomUUID } from "node:crypto";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketPolicyCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzePolicy } from "@/lib/audit/policy";
import { policyWith, requireBofcStatement } from "@/lib/writers/guardrails";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";

let lab: Lab;
const bucket = `guardrail-${randomUUID().slice(0, 8)}`;
const status = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

beforeAll(async () => {
  lab = loadLab();
  await lab.b.send(new CreateBucketCommand({ Bucket: bucket }));
  // The writer may put objects, as a bucket that takes another account's writes allows it.
  const allow = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriterPuts",
        Effect: "Allow",
        Principal: { AWS: [lab.writer.arn] },
        Action: ["s3:PutObject"],
        Resource: [`arn:aws:s3:::${bucket}/*`],
      },
    ],
  });
  const { policy } = policyWith(allow, requireBofcStatement({ bucket }));
  await lab.b.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy! }));
});

afterAll(async () => {
  const listed = await lab.b.send(new ListObjectsV2Command({ Bucket: bucket })).catch(() => null);
  for (const o of listed?.Contents ?? [])
    await lab.b.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key! }));
  await lab.b.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => {});
});

describe("the guardrail on the gateway", () => {
  it("refuses a foreign write without bucket-owner-full-control and accepts it with the ACL", async () => {
    const without = await lab.a
      .send(new PutObjectCommand({ Bucket: bucket, Key: "without-acl.txt", Body: "x" }))
      .then(() => 200, status);
    expect(without).toBe(403);
    const withAcl = await lab.a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "with-acl.txt",
        Body: "x",
        ACL: "bucket-owner-full-control",
      }),
    );
    expect(withAcl.$metadata.httpStatusCode).toBe(200);
    const listed = await lab.b.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual(["with-acl.txt"]);
  });

  it("holds the owner's own writers to the ACL too when the owner's account ID is not given", async () => {
    const own = await lab.b
      .send(new PutObjectCommand({ Bucket: bucket, Key: "owner.txt", Body: "x" }))
      .then(() => 200, status);
    expect(own).toBe(403);
  });

  it("is read back by the posture as a bucket that requires the ACL", async () => {
    const stored = await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    expect(analyzePolicy(stored.Policy ?? null).requiresBucketOwnerFullControl).toBe(true);
  });
});
