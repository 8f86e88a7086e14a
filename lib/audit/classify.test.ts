import { describe, expect, it } from "vitest";
import {
  accessFromGrants,
  classify,
  classifyDeleteMarker,
  needsAclCheck,
  needsHeadProbe,
} from "@/lib/audit/classify";
import {
  ALL_USERS,
  AUTHENTICATED_USERS,
  type AclOutcome,
  type Grant,
  type HeadOutcome,
} from "@/lib/audit/types";

const B = "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2";
const A = "a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8";

const user = (grantee: string, permission: Grant["permission"]): Grant => ({
  grantee,
  granteeType: "CanonicalUser",
  permission,
});
const group = (grantee: string, permission: Grant["permission"]): Grant => ({
  grantee,
  granteeType: "Group",
  permission,
});
const ok = (ownerId: string | null, ...grants: Grant[]): AclOutcome => ({ kind: "ok", ownerId, grants });
const notChecked = { kind: "not-checked" } as const;
const denied = { kind: "denied" } as const;

const run = (listedOwnerId: string | null, acl: AclOutcome, head: HeadOutcome = notChecked) =>
  classify({ bucketOwnerId: B, listedOwnerId, acl, head });

describe("classify: owner and grants", () => {
  it("the bucket owner's key is owned, with full control", () => {
    expect(run(B, ok(B, user(B, "FULL_CONTROL")))).toEqual({
      ownerId: B,
      status: "owned",
      bucketOwnerAccess: "full-control",
      publicGrant: false,
      grants: [user(B, "FULL_CONTROL")],
      reason: null,
    });
  });

  it("fast mode reports an owned key as full control with the public grant not checked", () => {
    expect(run(B, notChecked)).toMatchObject({
      status: "owned",
      bucketOwnerAccess: "full-control",
      publicGrant: null,
    });
  });

  it("A's key with bucket-owner-full-control is foreign-full-control", () => {
    expect(run(A, ok(A, user(A, "FULL_CONTROL"), user(B, "FULL_CONTROL")))).toMatchObject({
      status: "foreign-full-control",
      bucketOwnerAccess: "full-control",
    });
  });

  it("A's key with bucket-owner-read is foreign-readable", () => {
    expect(run(A, ok(A, user(A, "FULL_CONTROL"), user(B, "READ")))).toMatchObject({
      status: "foreign-readable",
      bucketOwnerAccess: "read",
    });
  });

  it("READ plus FULL_CONTROL counts as full control", () => {
    expect(run(A, ok(A, user(B, "READ"), user(B, "FULL_CONTROL"))).status).toBe("foreign-full-control");
  });

  it("A's key whose ACL grants B nothing is foreign-locked (what a role session sees on RGW)", () => {
    expect(run(A, ok(A, user(A, "FULL_CONTROL")))).toMatchObject({
      status: "foreign-locked",
      bucketOwnerAccess: "none",
      publicGrant: false,
    });
  });

  it("grants of READ_ACP or WRITE_ACP alone do not let the bucket owner read", () => {
    expect(run(A, ok(A, user(B, "READ_ACP"), user(B, "WRITE_ACP"))).status).toBe("foreign-locked");
  });

  it("a grant to a group or to another account is not a grant to the bucket owner", () => {
    expect(run(A, ok(A, group(ALL_USERS, "READ"), user("someone-else", "FULL_CONTROL")))).toMatchObject({
      status: "foreign-locked",
      publicGrant: true,
    });
  });

  it("flags AllUsers and AuthenticatedUsers grants on any status", () => {
    expect(run(B, ok(B, group(AUTHENTICATED_USERS, "READ"))).publicGrant).toBe(true);
    expect(run(A, ok(A, user(B, "FULL_CONTROL"), group(ALL_USERS, "READ"))).publicGrant).toBe(true);
    expect(run(A, ok(A, group("http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE"))).publicGrant).toBe(
      false,
    );
  });

  it("owner IDs are compared exactly, never by display name or case", () => {
    expect(run(B.toUpperCase(), ok(B.toUpperCase())).status).toBe("foreign-locked");
  });

  it("the ACL's owner wins over a stale listing (the key was rewritten between list and check)", () => {
    expect(run(A, ok(B, user(B, "FULL_CONTROL"))).status).toBe("owned");
    expect(run(B, ok(A, user(A, "FULL_CONTROL"))).status).toBe("foreign-locked");
  });
});

describe("classify: denials are signals", () => {
  it("ACL denied, HEAD allowed: foreign-readable", () => {
    expect(run(A, denied, { kind: "ok" })).toMatchObject({
      status: "foreign-readable",
      bucketOwnerAccess: "read",
      publicGrant: null,
      grants: null,
    });
  });

  it("ACL denied, HEAD denied: foreign-locked", () => {
    expect(run(A, denied, denied)).toMatchObject({ status: "foreign-locked", bucketOwnerAccess: "none" });
  });

  it("ACL denied, HEAD failed: unknown with the reason", () => {
    const c = run(A, denied, { kind: "failed", reason: "503 SlowDown after 8 attempts" });
    expect(c.status).toBe("unknown");
    expect(c.bucketOwnerAccess).toBe("unknown");
    expect(c.reason).toContain("503 SlowDown after 8 attempts");
  });

  it("ACL failed: unknown with the reason, owner still reported", () => {
    const c = run(A, { kind: "failed", reason: "timeout" });
    expect(c).toMatchObject({ ownerId: A, status: "unknown" });
    expect(c.reason).toContain("timeout");
  });

  it("deleted during the scan: unknown", () => {
    expect(run(A, { kind: "missing" }).reason).toMatch(/deleted during the scan/);
    expect(run(A, denied, { kind: "missing" }).status).toBe("unknown");
  });

  it("no owner in the listing and no ACL: unknown, never a guess", () => {
    expect(run(null, denied, denied)).toMatchObject({ status: "unknown", ownerId: null });
    expect(run(null, notChecked).reason).toMatch(/no owner/);
  });

  it("no owner in the listing, ACL readable: the ACL tells", () => {
    expect(run(null, ok(A, user(B, "READ"))).status).toBe("foreign-readable");
  });

  it("every unknown carries a reason, and nothing else does", () => {
    const outcomes: AclOutcome[] = [
      ok(A),
      ok(B),
      denied,
      notChecked,
      { kind: "failed", reason: "x" },
      { kind: "missing" },
    ];
    const heads: HeadOutcome[] = [
      notChecked,
      { kind: "ok" },
      denied,
      { kind: "failed", reason: "y" },
      { kind: "missing" },
    ];
    for (const owner of [A, B, null]) {
      for (const acl of outcomes) {
        for (const head of heads) {
          const c = run(owner, acl, head);
          expect(c.status === "unknown", JSON.stringify({ owner, acl, head })).toBe(c.reason !== null);
          expect(c.status === "unknown").toBe(c.bucketOwnerAccess === "unknown");
        }
      }
    }
  });
});

describe("which requests a key needs", () => {
  it("full reads every ACL; fast only the foreign ones", () => {
    expect(needsAclCheck("full", B, B)).toBe(true);
    expect(needsAclCheck("fast", B, B)).toBe(false);
    expect(needsAclCheck("fast", A, B)).toBe(true);
    expect(needsAclCheck("fast", null, B)).toBe(true);
  });

  it("probes with HEAD only after a denied ACL", () => {
    expect(needsHeadProbe(denied)).toBe(true);
    expect(needsHeadProbe(ok(A))).toBe(false);
    expect(needsHeadProbe({ kind: "failed", reason: "x" })).toBe(false);
  });

  it("reads access from grants to the bucket owner's ID only", () => {
    expect(accessFromGrants([user(B, "WRITE")], B)).toBe("none");
  });
});

describe("delete markers", () => {
  it("are classified by owner alone", () => {
    expect(classifyDeleteMarker(B, B).status).toBe("owned");
    expect(classifyDeleteMarker(B, A)).toMatchObject({ status: "foreign-locked", bucketOwnerAccess: "none" });
    expect(classifyDeleteMarker(B, null).status).toBe("unknown");
  });
});
