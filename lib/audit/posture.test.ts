import { describe, expect, it } from "vitest";
import { analyzePosture, type PostureFacts } from "@/lib/audit/posture";
import { ALL_USERS } from "@/lib/audit/types";

const base: PostureFacts = {
  bucket: "data",
  ownerId: "owner-b",
  aclGrants: [{ grantee: "owner-b", granteeType: "CanonicalUser", permission: "FULL_CONTROL" }],
  ownership: { kind: "none" },
  policy: { kind: "ok", document: null },
  versioning: "Disabled",
  encryption: { kind: "ok", algorithm: "AES256", kmsKeyId: null },
};

describe("analyzePosture", () => {
  it("BucketOwnerEnforced: nothing can be foreign, and it says why", () => {
    const p = analyzePosture({ ...base, ownership: { kind: "rule", value: "BucketOwnerEnforced" } });
    expect(p.objectOwnership).toEqual({ value: "BucketOwnerEnforced", confirmed: true, note: null });
    expect(p.foreignOwnershipPossible).toBe(false);
    expect(p.notes.join(" ")).toMatch(/cannot find a foreign one/);
  });

  it("an empty answer (RGW) reads as ObjectWriter, marked unconfirmed", () => {
    const p = analyzePosture({ ...base, ownership: { kind: "empty" } });
    expect(p.objectOwnership.value).toBe("ObjectWriter");
    expect(p.objectOwnership.confirmed).toBe(false);
    expect(p.foreignOwnershipPossible).toBe(true);
  });

  it("lists bucket ACL grants outside the account as enforce blockers", () => {
    const p = analyzePosture({
      ...base,
      aclGrants: [...base.aclGrants, { grantee: ALL_USERS, granteeType: "Group", permission: "READ" }],
    });
    expect(p.aclGrantsOutsideAccount).toEqual([
      { grantee: ALL_USERS, granteeType: "Group", permission: "READ" },
    ]);
    expect(p.notes.join(" ")).toMatch(/move those grants/);
  });

  it("warns when other accounts may write without bofc", () => {
    const document = JSON.stringify({
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "s3:PutObject" },
      ],
    });
    const p = analyzePosture({ ...base, policy: { kind: "ok", document } });
    expect(p.policy.readable && p.policy.requiresBucketOwnerFullControl).toBe(false);
    expect(p.notes.join(" ")).toMatch(/without bucket-owner-full-control/);
  });

  it("reports unreadable settings with their reason instead of failing", () => {
    const p = analyzePosture({
      ...base,
      ownership: { kind: "unreadable", reason: "access denied" },
      policy: { kind: "unreadable", reason: "access denied" },
      encryption: { kind: "unreadable", reason: "access denied" },
    });
    expect(p.objectOwnership).toMatchObject({ value: "unknown", confirmed: false });
    expect(p.policy).toEqual({ readable: false, reason: "access denied" });
    expect(p.defaultEncryption).toEqual({ unreadable: "access denied" });
  });
});
