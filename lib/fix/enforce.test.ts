import { describe, expect, it } from "vitest";
import { analyzePosture, type PostureFacts } from "@/lib/audit/posture";
import { ALL_USERS } from "@/lib/audit/types";
import { planEnforce } from "@/lib/fix/enforce";

const facts: PostureFacts = {
  bucket: "ledger",
  ownerId: "owner-b",
  aclGrants: [{ grantee: "owner-b", granteeType: "CanonicalUser", permission: "FULL_CONTROL" }],
  ownership: { kind: "none" },
  policy: { kind: "ok", document: null },
  versioning: "Enabled",
  encryption: { kind: "ok", algorithm: "AES256", kmsKeyId: null },
};
const plan = (f: Partial<PostureFacts>) => planEnforce(analyzePosture({ ...facts, ...f }));

describe("planEnforce", () => {
  it("skips a bucket that already enforces, with the reason", () => {
    expect(plan({ ownership: { kind: "rule", value: "BucketOwnerEnforced" } })).toEqual({
      kind: "skip",
      reason: "the bucket already has BucketOwnerEnforced",
    });
  });

  it("is blocked by bucket ACL grants outside the account, and names the grantees", () => {
    const decision = plan({
      aclGrants: [
        ...facts.aclGrants,
        { grantee: "c0ffee-partner", granteeType: "CanonicalUser", permission: "READ" },
        { grantee: ALL_USERS, granteeType: "Group", permission: "READ" },
      ],
    });
    expect(decision.kind).toBe("blocked");
    expect(decision.kind === "blocked" && decision.reason).toBe(
      "blocked: the bucket ACL grants access outside the account (c0ffee-partner, AllUsers); move those grants to the bucket policy first",
    );
  });

  it("says what it breaks and that it can be undone; an unconfirmed endpoint is called out", () => {
    const confirmed = plan({});
    expect(confirmed.kind).toBe("enforce");
    const effects = confirmed.kind === "enforce" ? confirmed.effects.join("\n") : "";
    expect(effects).toMatch(/every version, becomes the bucket owner's at once/);
    expect(effects).toMatch(/other than bucket-owner-full-control get AccessControlListNotSupported/);
    expect(effects).toMatch(/reversible/);
    expect(effects).not.toMatch(/not confirmed/);

    const rgw = plan({ ownership: { kind: "empty" } });
    expect(rgw.kind === "enforce" && rgw.effects.at(-1)).toMatch(
      /not confirmed .*: an endpoint without Object Ownership refuses the request and nothing changes/,
    );
  });

  it("tells writers already sending bucket-owner-full-control that they keep working", () => {
    const document = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::ledger/*",
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
      ],
    });
    const decision = plan({ policy: { kind: "ok", document } });
    expect(decision.kind === "enforce" && decision.effects.join("\n")).toMatch(
      /writers keep working when they send bucket-owner-full-control/,
    );
  });
});
