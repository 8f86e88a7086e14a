import { describe, expect, it } from "vitest";
import type { FixSubject } from "@/lib/fix/strategy";
import { planFix, subjectOf } from "@/lib/jobs/fixes";
import type { FindingRecord } from "@/lib/schemas/scan";

describe("planFix", () => {
  it("counts every object as it streams past and keeps only the first ones", () => {
    let produced = 0;
    const subjects = (function* (): Generator<FixSubject> {
      for (let i = 0; i < 100_000; i++, produced++)
        yield {
          key: `k${i}`,
          versionId: null,
          isLatest: null,
          deleteMarker: false,
          ownerId: "a",
          status: "foreign-locked",
          bucketOwnerAccess: "none",
          size: 10,
          storageClass: "STANDARD",
          etag: '"e"',
          reason: null,
          grants: [{ grantee: "c", granteeType: "CanonicalUser", permission: "READ" }],
        };
    })();
    const context = {
      bucketOwnerId: "b",
      fixers: new Set(["a"]),
      ownerCanWrite: true,
      accountName: (id: string) => id,
      versioning: "Disabled" as const,
    };
    const plan = planFix({ subjects, requested: null, context }, 500);
    expect(produced).toBe(100_000);
    expect(plan.objects).toHaveLength(500);
    expect(plan.truncated).toBe(true);
    expect(plan.totals).toMatchObject({ objects: 100_000, toFix: 100_000, bytes: 1_000_000 });
    expect(plan.totals.grants).toEqual([{ grant: "READ to c", kept: true, objects: 100_000 }]);
  });
});

describe("subjectOf", () => {
  const seen: FindingRecord = {
    key: "k",
    versionId: null,
    isLatest: null,
    deleteMarker: false,
    owner: { id: "a", displayName: null },
    status: "foreign-locked",
    bucketOwnerAccess: "none",
    publicGrant: null,
    grants: null,
    size: 1,
    lastModified: null,
    storageClass: "STANDARD",
    etag: '"e"',
    reason: "AccessDenied",
    now: null,
  };

  it("plans from what the scan saw when nothing changed since", () => {
    expect(subjectOf(seen)).toMatchObject({ ownerId: "a", status: "foreign-locked", grants: null });
  });

  it("plans from the last known state when a fix changed the finding since the scan", () => {
    const grants = [
      { grantee: "b", granteeType: "CanonicalUser" as const, permission: "FULL_CONTROL" as const },
    ];
    const changed: FindingRecord = {
      ...seen,
      now: {
        ownerId: "a",
        status: "foreign-full-control",
        bucketOwnerAccess: "full-control",
        publicGrant: false,
        grants,
        reason: null,
        fixJobId: 3,
        batchJobId: null,
        at: "2026-12-03T00:00:00.000Z",
      },
    };
    expect(subjectOf(changed)).toMatchObject({
      ownerId: "a",
      status: "foreign-full-control",
      bucketOwnerAccess: "full-control",
      grants,
      reason: null,
    });
  });
});
