import { describe, expect, it } from "vitest";
import { ALL_USERS, type Grant } from "@/lib/audit/types";
import { PlanTally, planObject, planTotals, type PlanContext } from "@/lib/fix/plan";
import { lostInCopy, restatement, kmsKeyAccount, type ObjectSnapshot } from "@/lib/fix/snapshot";
import type { FixSubject } from "@/lib/fix/strategy";

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  bucketOwnerId: "b",
  fixers: new Set(["a"]),
  ownerCanWrite: false,
  accountName: (id) => id,
  versioning: "Disabled",
  ...over,
});
const subject = (over: Partial<FixSubject> = {}): FixSubject => ({
  key: "k",
  versionId: null,
  isLatest: null,
  deleteMarker: false,
  ownerId: "a",
  status: "foreign-locked",
  grants: null,
  bucketOwnerAccess: "none",
  size: 1000,
  storageClass: "STANDARD_IA",
  etag: '"e"',
  reason: null,
  ...over,
});

describe("planObject", () => {
  it("a reput: who acts, which requests, what is restated", () => {
    const p = planObject(subject(), ctx(), null);
    expect(p.actor).toBe("fixer of a");
    expect(p.requests.names).toEqual([
      "HeadObject",
      "GetObjectTagging (if tagged)",
      "CopyObject",
      "PutObjectTagging (if tagged)",
      "GetObjectAcl (verify)",
    ]);
    expect(p.effects.join("\n")).toMatch(/storage class STANDARD_IA restated/);
    expect(p.effects.join("\n")).toMatch(/tags, if any, read before the copy and put back/);
    expect(p.effects[0]).toMatch(/owner unchanged/);
  });

  it("over 5 GB goes through UploadPartCopy", () => {
    const p = planObject(subject({ size: 6 * 1024 ** 3 }), ctx(), null);
    expect(p.requests.names).toContain("UploadPartCopy x12");
    expect(p.effects.join("\n")).toMatch(/over 5 GB/);
  });

  it("archived objects need a restore before any copy", () => {
    const p = planObject(subject({ storageClass: "DEEP_ARCHIVE" }), ctx(), null);
    expect(p.decision).toMatchObject({ kind: "impossible", reason: expect.stringContaining("restore") });
    expect(planObject(subject({ storageClass: "GLACIER" }), ctx(), "grant").decision.kind).toBe("fix");
  });

  it("a versioned bucket keeps the foreign noncurrent version; reput then take-ownership ends with the bucket owner", () => {
    const p = planObject(subject(), ctx({ versioning: "Enabled", ownerCanWrite: true }), null);
    expect(p.effects.join("\n")).toMatch(/old, foreign-owned version stays/);
    expect(p.effects[0]).toMatch(/ends owned by the bucket owner/);
    expect(p.requests.names.filter((n) => n === "CopyObject")).toHaveLength(2);
    // The second copy starts from what the first wrote.
    expect(p.requests.names.filter((n) => n === "HeadObject")).toHaveLength(1);
    expect(p.requests.get).toBe(3);
  });

  it("a grant says what the ACL becomes", () => {
    expect(planObject(subject(), ctx(), "grant").effects.join("\n")).toMatch(
      /owner FULL_CONTROL plus bucket owner FULL_CONTROL, other grants as listed/,
    );
  });
});

const grant = (grantee: string, permission: Grant["permission"] = "READ"): Grant => ({
  grantee,
  granteeType: grantee.startsWith("http") ? "Group" : "CanonicalUser",
  permission,
});

describe("grants beyond the owner and the bucket owner", () => {
  const acl = [grant("a", "FULL_CONTROL"), grant("b", "READ"), grant("c"), grant(ALL_USERS)];

  it("are kept, and listed, except public ones", () => {
    const p = planObject(
      subject({ status: "foreign-readable", bucketOwnerAccess: "read", grants: acl }),
      ctx(),
      "reput",
    );
    expect(p.grants).toEqual({
      kept: [grant("c")],
      dropped: [{ grant: grant(ALL_USERS), why: "public grants are kept only by choice" }],
      unknown: false,
    });
    expect(p.effects).toContain("keeps READ to c");
    expect(p.effects).toContain("drops READ to AllUsers (public): public grants are kept only by choice");
  });

  it("public ones too when the plan chooses to keep them", () => {
    const p = planObject(subject({ grants: acl }), ctx({ keepPublicGrants: true }), "reput");
    expect(p.grants?.kept).toEqual([grant("c"), grant(ALL_USERS)]);
    expect(p.grants?.dropped).toEqual([]);
  });

  it("are said to be unknown where the scan could not read the ACL", () => {
    const p = planObject(subject({ grants: null }), ctx(), "reput");
    expect(p.grants).toEqual({ kept: [], dropped: [], unknown: true });
    expect(p.effects.join("\n")).toMatch(/could not be read/);
  });

  it("add up by grantee across a plan, in constant memory", () => {
    const tally = new PlanTally();
    for (let i = 0; i < 412; i++)
      tally.add(planObject(subject({ key: `k${i}`, grants: acl }), ctx(), "reput"));
    tally.add(planObject(subject({ key: "u", grants: null }), ctx(), "reput"));
    const totals = tally.totals();
    expect(totals.grants).toEqual([
      { grant: "READ to c", kept: true, objects: 412 },
      { grant: "READ to AllUsers (public)", kept: false, objects: 412 },
    ]);
    expect(totals.grantsUnknown).toBe(1);
  });

  it("count hostile numbers of distinct grantees together past a bound", () => {
    const tally = new PlanTally();
    for (let i = 0; i < 1_000; i++)
      tally.add(planObject(subject({ key: `k${i}`, grants: [grant(`g${i}`)] }), ctx(), "reput"));
    const totals = tally.totals();
    expect(totals.grants.length).toBeLessThanOrEqual(101);
    expect(totals.grants.reduce((n, g) => n + g.objects, 0)).toBe(1_000);
  });
});

describe("writers losing access", () => {
  it("are named in the totals, with their object counts, only where the bucket owner ends the owner", () => {
    const tally = new PlanTally(400, (id) => `Account ${id.toUpperCase()}`);
    const owning = ctx({ ownerCanWrite: true, fixers: new Set(["a", "c"]) });
    const readable = { status: "foreign-full-control", bucketOwnerAccess: "full-control" } as const;
    for (let i = 0; i < 3; i++)
      tally.add(planObject(subject({ key: `a${i}`, ...readable }), owning, "take-ownership"));
    tally.add(planObject(subject({ key: "c", ownerId: "c", ...readable }), owning, "take-ownership"));
    // A reput alone keeps the writer the owner: it loses nothing.
    tally.add(planObject(subject({ key: "kept", ownerId: "d" }), ctx({ fixers: new Set(["d"]) }), "reput"));
    expect(tally.totals().ownersLosing).toEqual([
      { owner: "Account A", objects: 3 },
      { owner: "Account C", objects: 1 },
    ]);
  });
});

describe("planTotals", () => {
  it("adds objects, bytes, requests, cost and time for what will be fixed", () => {
    const plan = [
      planObject(subject({ grants: [] }), ctx(), null),
      planObject(subject({ ownerId: "b", status: "owned" }), ctx(), null),
    ];
    expect(planTotals(plan, 4)).toEqual({
      objects: 2,
      toFix: 1,
      skipped: 1,
      impossible: 0,
      bytes: 1000,
      requests: 3,
      estimatedCostUsd: 0.000006,
      estimatedSeconds: 1,
      grants: [],
      grantsUnknown: 0,
      groups: [
        {
          decision: "fix",
          what: "reput",
          actor: "fixer of a",
          objects: 1,
          bytes: 1000,
          requests: plan[0]!.requests.names,
        },
        {
          decision: "skip",
          what: (plan[1]!.decision as { reason: string }).reason,
          actor: null,
          objects: 1,
          bytes: 1000,
          requests: [],
        },
      ],
      ownersLosing: [],
    });
  });

  it("groups objects by what the plan does to them and who acts, not one paragraph per object", () => {
    const plan = [
      ...Array.from({ length: 3 }, (_, i) => planObject(subject({ key: `r${i}` }), ctx(), null)),
      ...Array.from({ length: 2 }, (_, i) => planObject(subject({ key: `t${i}` }), ctx(), "take-ownership")),
      planObject(subject({ key: "mine", ownerId: "b", status: "owned" }), ctx(), null),
    ];
    const groups = planTotals(plan).groups.map((g) => [g.decision, g.what, g.actor, g.objects]);
    // Taking ownership needs the bucket owner's write identity, which this context lacks.
    const noOwner = (plan[3]!.decision as { reason: string }).reason;
    expect(plan[4]!.decision).toEqual(plan[3]!.decision);
    expect(groups).toEqual([
      ["fix", "reput", "fixer of a", 3],
      ["skip", (plan[5]!.decision as { reason: string }).reason, null, 1],
      ["impossible", noOwner, null, 2],
    ]);
  });

  it("counts hostile numbers of distinct reasons together past a bound", () => {
    const tally = new PlanTally();
    for (let i = 0; i < 500; i++)
      tally.add({
        ...planObject(subject({ key: `k${i}` }), ctx(), null),
        decision: { kind: "impossible", reason: `r${i}` },
      });
    // Past the bound, a fix still has its own line, with its actor.
    tally.add(planObject(subject({ key: "late" }), ctx(), null));
    const groups = tally.totals().groups;
    expect(groups.length).toBeLessThanOrEqual(52);
    expect(groups.reduce((n, g) => n + g.objects, 0)).toBe(501);
    expect(groups[0]).toMatchObject({ decision: "fix", what: "reput", actor: "fixer of a", objects: 1 });
    expect(groups.find((g) => g.what === "other reasons")?.objects).toBe(450);
  });
});

const snap = (over: Partial<ObjectSnapshot> = {}): ObjectSnapshot => ({
  etag: '"x"',
  size: 5,
  lastModified: null,
  contentType: "text/html",
  cacheControl: "max-age=1",
  contentDisposition: null,
  contentEncoding: null,
  contentLanguage: "en",
  expires: null,
  websiteRedirectLocation: null,
  metadata: { a: "1", b: "2" },
  storageClass: "STANDARD_IA",
  encryption: {
    algorithm: "aws:kms",
    kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/k",
    bucketKeyEnabled: null,
  },
  objectLock: null,
  tags: { t: "1" },
  ...over,
});

describe("snapshots", () => {
  it("restates every header, the storage class and the encryption", () => {
    const r = restatement(snap());
    expect(r).toMatchObject({
      metadataDirective: "REPLACE",
      contentType: "text/html",
      storageClass: "STANDARD_IA",
    });
    expect(r.encryption?.kmsKeyId).toMatch(/111122223333/);
  });

  it("lists what a copy lost, and nothing for an identical object with a new ETag", () => {
    expect(lostInCopy(snap(), snap({ etag: '"new"', metadata: { b: "2", a: "1" } }))).toEqual([]);
    expect(
      lostInCopy(snap(), snap({ contentType: "binary/octet-stream", tags: {}, storageClass: "STANDARD" })),
    ).toEqual(["contentType", "storageClass", "tags"]);
  });

  it("reads the account of a KMS key ARN", () => {
    expect(kmsKeyAccount("arn:aws:kms:eu-west-1:111122223333:key/abc")).toBe("111122223333");
    expect(kmsKeyAccount("alias/mine")).toBeNull();
  });
});
