import { describe, expect, it } from "vitest";
import { analyzePolicy } from "@/lib/audit/policy";
import { writerGuidance } from "@/lib/fix/guidance";

describe("writerGuidance", () => {
  const g = writerGuidance({
    bucket: "prod-landing",
    account: { canonicalId: "abc", name: "Data team" },
    principals: ["arn:aws:iam::444455556666:role/etl"],
  });

  it("generates a bucket policy that Ownerscope itself reads as requiring bofc from that writer", () => {
    const analysis = analyzePolicy(g.bucketPolicy);
    expect(analysis.writers.map((w) => w.principals)).toEqual([["arn:aws:iam::444455556666:role/etl"]]);
    expect(analysis.requiresBucketOwnerFullControl).toBe(true);
    expect(analysis.denyWithoutBucketOwnerFullControl).toBe(false); // the deny names the writer, not everyone
    expect(JSON.parse(g.bucketPolicy).Statement[0].Resource).toBe("arn:aws:s3:::prod-landing/*");
  });

  it("gives the writer's IAM policy both actions on the bucket's objects", () => {
    expect(JSON.parse(g.writerPolicy).Statement[0]).toMatchObject({
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:PutObjectAcl"],
      Resource: "arn:aws:s3:::prod-landing/*",
    });
  });

  it("shows each writer how to send the ACL, with the real bucket name", () => {
    expect(g.snippets.map((s) => s.label)).toEqual([
      "aws-cli",
      "SDK for JavaScript",
      "boto3",
      "AWS Glue / EMR (EMRFS)",
    ]);
    expect(g.snippets[0]!.code).toBe("aws s3 cp FILE s3://prod-landing/KEY --acl bucket-owner-full-control");
    expect(g.snippets[3]!.code).toBe("fs.s3.canned.acl=BucketOwnerFullControl");
  });

  it("uses a placeholder principal when the bucket policy names none", () => {
    const empty = writerGuidance({ bucket: "b", account: { canonicalId: "x", name: "x" }, principals: [] });
    expect(empty.bucketPolicy).toContain("WRITER_ACCOUNT_ID");
  });
});
