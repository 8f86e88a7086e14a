import { describe, expect, it } from "vitest";
import { analyzePolicy } from "@/lib/audit/policy";
import {
  GUARDRAIL_SID,
  ownershipServiceControlPolicy,
  policyWith,
  putPolicyCommand,
  requireBofcStatement,
} from "@/lib/writers/guardrails";

const allowWriter = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "PartnerWrites",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::222222222222:root" },
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::data/*",
    },
  ],
});

describe("the bucket-policy guardrail", () => {
  it("keeps the bucket's statements and adds the deny, which the posture then reads as requiring the ACL", () => {
    expect(analyzePolicy(allowWriter).requiresBucketOwnerFullControl).toBe(false);
    const { policy } = policyWith(allowWriter, requireBofcStatement({ bucket: "data" }));
    const statements = JSON.parse(policy!).Statement as { Sid: string }[];
    expect(statements.map((s) => s.Sid)).toEqual(["PartnerWrites", GUARDRAIL_SID]);
    const analysis = analyzePolicy(policy);
    expect(analysis.denyWithoutBucketOwnerFullControl).toBe(true);
    expect(analysis.requiresBucketOwnerFullControl).toBe(true);
  });

  it("exempts the owner's own account where its ID is known, in the partition given", () => {
    const s = requireBofcStatement({ bucket: "data", partition: "aws-cn", ownerAccountId: "111111111111" });
    expect(s.Resource).toBe("arn:aws-cn:s3:::data/*");
    expect(s.Condition.StringNotEquals).toEqual({
      "s3:x-amz-acl": "bucket-owner-full-control",
      "aws:PrincipalAccount": "111111111111",
    });
  });

  it("replaces its own earlier statement instead of adding a second, and refuses a policy it cannot read", () => {
    const once = policyWith(null, requireBofcStatement({ bucket: "data" })).policy!;
    const twice = policyWith(once, requireBofcStatement({ bucket: "data" })).policy!;
    expect(JSON.parse(twice).Statement).toHaveLength(1);
    expect(policyWith("{not json", requireBofcStatement({ bucket: "data" })).error).toMatch(/not valid JSON/);
  });

  it("quotes the bucket and the policy for the shell, whatever they hold", () => {
    const policy = policyWith(null, requireBofcStatement({ bucket: "it's" })).policy!;
    const command = putPolicyCommand("it's", policy);
    expect(command).toContain(`--bucket 'it'\\''s'`);
    expect(command).not.toMatch(/\n/);
  });
});

describe("the organization's guardrail", () => {
  it("refuses only a request that names an Object Ownership other than BucketOwnerEnforced", () => {
    const scp = ownershipServiceControlPolicy();
    expect(scp.Statement.map((s) => s.Action)).toEqual(["s3:CreateBucket", "s3:PutBucketOwnershipControls"]);
    for (const s of scp.Statement)
      expect(s.Condition).toEqual({
        StringNotEquals: { "s3:x-amz-object-ownership": "BucketOwnerEnforced" },
        Null: { "s3:x-amz-object-ownership": "false" },
      });
  });
});
