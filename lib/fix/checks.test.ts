import { describe, expect, it } from "vitest";
import { ALL_USERS, type Grant } from "@/lib/audit/types";
import {
  endStateProblem,
  endStateReached,
  judge,
  keptAsPlanned,
  stillPlannedVersion,
} from "@/lib/fix/checks";

const A = "owner-a";
const B = "bucket-owner-b";
const C = "partner-c";
const user = (grantee: string, permission: Grant["permission"] = "READ"): Grant => ({
  grantee,
  granteeType: "CanonicalUser",
  permission,
});
const publicRead: Grant = { grantee: ALL_USERS, granteeType: "Group", permission: "READ" };
const acl = [user(A, "FULL_CONTROL"), user(C)];
const seen = (ownerId: string | null, grants: Grant[] | null) => ({ kind: "ok" as const, ownerId, grants });

describe("judge: may the write go ahead on what the writer sees now?", () => {
  it("goes ahead on the planned owner and ACL, restating the others' grants", () => {
    expect(judge(seen(A, acl), { ownerId: A, grants: acl }, B, false)).toEqual({
      kind: "go",
      grants: acl,
      plan: { kept: [user(C)], dropped: [] },
    });
  });

  it("skips an object the bucket owner owns by now, and stops on any other owner", () => {
    expect(judge(seen(B, null), { ownerId: A, grants: acl }, B, false)).toMatchObject({
      kind: "stop",
      state: "skipped",
      reason: "already fixed: the bucket owner owns it now",
    });
    expect(judge(seen(C, null), { ownerId: A, grants: acl }, B, false)).toMatchObject({
      kind: "stop",
      state: "changed-since-scan",
    });
  });

  it("tells an object the bucket owner wrote anew (other content) from one it took over (the same)", () => {
    const planned = { ownerId: A, grants: acl, etag: '"e1"' };
    expect(judge({ ...seen(B, null), etag: "e1" }, planned, B, false)).toMatchObject({ state: "skipped" });
    expect(judge({ ...seen(B, null), etag: '"e2"' }, planned, B, false)).toMatchObject({
      state: "changed-since-scan",
      reason: "rewritten since it was planned: the bucket owner wrote it anew and owns it",
    });
    // An ETag not known (a versioned look) says nothing either way.
    expect(judge({ ...seen(B, null), etag: null }, planned, B, false)).toMatchObject({ state: "skipped" });
  });

  it("stops when the ACL changed since the plan", () => {
    expect(judge(seen(A, [user(A, "FULL_CONTROL")]), { ownerId: A, grants: acl }, B, false)).toMatchObject({
      kind: "stop",
      state: "changed-since-scan",
      reason: "its ACL changed since it was planned",
    });
  });

  it("where the plan could not see the ACL, keeps what the writer sees, but stops before dropping a public grant", () => {
    expect(judge(seen(A, acl), { ownerId: A, grants: null }, B, false)).toMatchObject({
      kind: "go",
      plan: { kept: [user(C)] },
    });
    expect(judge(seen(A, [...acl, publicRead]), { ownerId: A, grants: null }, B, false)).toMatchObject({
      kind: "stop",
      state: "failed",
      reason: expect.stringMatching(
        /would drop grants the plan could not see \(READ to AllUsers \(public\)\)/,
      ),
    });
    expect(judge(seen(A, [...acl, publicRead]), { ownerId: A, grants: null }, B, true)).toMatchObject({
      kind: "go",
    });
  });

  it("stops when neither the plan nor the writer could read the ACL", () => {
    expect(judge(seen(A, null), { ownerId: A, grants: null }, B, false)).toMatchObject({
      kind: "stop",
      state: "failed",
      reason: expect.stringMatching(/reput it through a fixer/),
    });
  });
});

describe("keptAsPlanned", () => {
  it("compares the grants beyond the owners with the ones restated", () => {
    const after = [user(B, "FULL_CONTROL"), user(A, "FULL_CONTROL"), user(C)];
    expect(keptAsPlanned(after, [user(C)], [A, B])).toBe(true);
    expect(keptAsPlanned(after, [], [A, B])).toBe(false);
    expect(keptAsPlanned([user(B, "FULL_CONTROL")], [user(C)], [A, B])).toBe(false);
    expect(keptAsPlanned(null, [], [A, B])).toBe(true);
  });
});

describe("endStateReached", () => {
  it("says whether a copy sent before a stop already left its end state", () => {
    expect(endStateReached(seen(B, null), "take-ownership", A, B)).toBe(true);
    expect(endStateReached(seen(A, acl), "take-ownership", A, B)).toBe(false);
    expect(endStateReached(seen(A, [...acl, user(B, "FULL_CONTROL")]), "reput", A, B)).toBe(true);
    expect(endStateReached(seen(A, acl), "reput", A, B)).toBe(false);
  });
});

describe("endStateProblem", () => {
  const end = (ownerId: string, access: "full-control" | "read", grants: Grant[]) =>
    ({
      ownerId,
      status: ownerId === B ? "owned" : "foreign-full-control",
      bucketOwnerAccess: access,
      publicGrant: false,
      grants,
      reason: null,
    }) as const;
  it("accepts the promised owner and access with exactly the restated grants", () => {
    expect(
      endStateProblem("take-ownership", A, end(B, "full-control", [user(B, "FULL_CONTROL")]), [], B),
    ).toBeNull();
    expect(
      endStateProblem(
        "grant",
        A,
        end(A, "full-control", [user(A, "FULL_CONTROL"), user(B, "FULL_CONTROL")]),
        [],
        B,
      ),
    ).toBeNull();
  });
  it("names what is wrong: the owner, the bucket owner's access, a grant not restated", () => {
    expect(endStateProblem("take-ownership", A, end(A, "full-control", []), [], B)).toMatch(
      /owner is .* not the bucket owner/,
    );
    expect(endStateProblem("grant", A, end(A, "read", []), [], B)).toMatch(
      /access is read, not full-control/,
    );
    expect(
      endStateProblem("grant", A, end(A, "full-control", [user(B, "FULL_CONTROL"), user(C, "READ")]), [], B),
    ).toMatch(/grants beyond the owners/);
  });
});

describe("stillPlannedVersion", () => {
  it("holds when the plan knew no version, or the current one is the planned one (null meaning unversioned)", () => {
    expect(stillPlannedVersion(null, "v2")).toBe(true);
    expect(stillPlannedVersion("v1", "v1")).toBe(true);
    expect(stillPlannedVersion("v1", "v2")).toBe(false);
    expect(stillPlannedVersion("null", null)).toBe(true);
  });
});
