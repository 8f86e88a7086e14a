import { describe, expect, it } from "vitest";
import { analyzePolicy, coversPutObject } from "@/lib/audit/policy";

const policy = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const writerA = "arn:aws:iam::444455556666:root";

describe("analyzePolicy", () => {
  it("finds a writer from another account that is not held to bofc (the customer's article)", () => {
    const a = analyzePolicy(
      policy({
        Sid: "AllowA",
        Effect: "Allow",
        Principal: { AWS: [writerA] },
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: "arn:aws:s3:::b/*",
      }),
    );
    expect(a.writers).toEqual([
      {
        sid: "AllowA",
        principals: [writerA],
        actions: ["s3:PutObject", "s3:PutObjectAcl"],
        requiresBucketOwnerFullControl: false,
      },
    ]);
    expect(a.requiresBucketOwnerFullControl).toBe(false);
  });

  it("sees the StringEquals s3:x-amz-acl condition as requiring bofc", () => {
    const a = analyzePolicy(
      policy({
        Effect: "Allow",
        Principal: { AWS: writerA },
        Action: "s3:PutObject",
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      }),
    );
    expect(a.writers[0]?.requiresBucketOwnerFullControl).toBe(true);
    expect(a.requiresBucketOwnerFullControl).toBe(true);
  });

  it("a condition that allows another ACL too does not require bofc", () => {
    const a = analyzePolicy(
      policy({
        Effect: "Allow",
        Principal: { AWS: writerA },
        Action: "s3:PutObject",
        Condition: { StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control", "bucket-owner-read"] } },
      }),
    );
    expect(a.requiresBucketOwnerFullControl).toBe(false);
  });

  it("a Deny of PutObject for everyone without bofc covers every writer", () => {
    const a = analyzePolicy(
      policy(
        { Effect: "Allow", Principal: { AWS: writerA }, Action: "s3:*" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Condition: { StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
      ),
    );
    expect(a.writers).toHaveLength(1);
    expect(a.denyWithoutBucketOwnerFullControl).toBe(true);
    expect(a.requiresBucketOwnerFullControl).toBe(true);
  });

  it("wildcard actions and principals count as writers; reads do not", () => {
    const a = analyzePolicy(
      policy(
        { Effect: "Allow", Principal: "*", Action: "s3:Put*" },
        { Effect: "Allow", Principal: { AWS: writerA }, Action: ["s3:GetObject", "s3:ListBucket"] },
        { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" },
      ),
    );
    expect(a.writers.map((w) => w.principals)).toEqual([["*"], ["Service:logging.s3.amazonaws.com"]]);
  });

  it("ignores the bucket's own account", () => {
    const own = "arn:aws:iam::111122223333:root";
    const a = analyzePolicy(policy({ Effect: "Allow", Principal: { AWS: own }, Action: "s3:PutObject" }), [
      own,
    ]);
    expect(a.writers).toEqual([]);
    expect(a.requiresBucketOwnerFullControl).toBe(true);
  });

  it("reads a statement's names as text, whatever type an endpoint that does not check policies stored", () => {
    const document = JSON.stringify({
      Statement: [{ Sid: 7, Effect: "Allow", Principal: { AWS: 123456789012 }, Action: "s3:PutObject" }],
    });
    const { writers } = analyzePolicy(document);
    expect(writers).toEqual([
      {
        sid: null,
        principals: ["123456789012"],
        actions: ["s3:PutObject"],
        requiresBucketOwnerFullControl: false,
      },
    ]);
  });

  it("no policy: no writers; a broken policy is reported, not thrown", () => {
    expect(analyzePolicy(null).writers).toEqual([]);
    expect(analyzePolicy("{not json").error).toMatch(/not valid JSON/);
  });

  it("matches action wildcards as IAM does", () => {
    expect(coversPutObject("s3:*")).toBe(true);
    expect(coversPutObject("*")).toBe(true);
    expect(coversPutObject("S3:putobject")).toBe(true);
    expect(coversPutObject("s3:PutObject?")).toBe(false);
    expect(coversPutObject("s3:PutObjectAcl")).toBe(false);
    expect(coversPutObject("s3:Put?bject")).toBe(true);
  });
});
