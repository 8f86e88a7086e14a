import { describe, expect, it } from "vitest";
import type { FixSubject } from "@/lib/fix/strategy";
import { planFix } from "@/lib/jobs/fixes";

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
