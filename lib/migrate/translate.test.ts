import { describe, expect, it } from "vitest";
import { ALL_USERS, AUTHENTICATED_USERS, type Grant } from "@/lib/audit/types";
import { LOG_DELIVERY } from "@/lib/migrate/acl-actions";
import { aclConditions } from "@/lib/migrate/policy-acls";
import { assessReadiness, markKept, type ReadinessInput } from "@/lib/migrate/readiness";
import { POLICY_LIMIT, SID_PREFIX, translateAcls, type TranslationInput } from "@/lib/migrate/translate";

const OWNER = "owner-canonical";
const PARTNER = "partner-canonical";
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

const base: TranslationInput = {
  bucket: "b",
  ownerId: OWNER,
  bucketGrants: [user(OWNER, "FULL_CONTROL")],
  objectGrants: [],
  principals: { [OWNER]: "111122223333", [PARTNER]: "444455556666" },
  includePublic: false,
  policy: null,
};

describe("translating ACL grants into a bucket policy", () => {
  it("gives an object grantee the actions of its permission on exactly its prefixes", () => {
    const t = translateAcls({
      ...base,
      objectGrants: [
        {
          ...user(PARTNER, "READ"),
          objects: 3,
          covers: [
            { prefix: "shared/", exact: false },
            { prefix: "r/x.csv", exact: true },
          ],
        },
      ],
    });
    expect(t.statements).toEqual([
      {
        Sid: `${SID_PREFIX}1`,
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::444455556666:root" },
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::b/shared/*", "arn:aws:s3:::b/r/x.csv"],
      },
    ]);
    expect(t.fits).toBe(true);
    expect(t.diff.some((d) => d.op === "+" && d.line.includes("s3:GetObject"))).toBe(true);
  });

  it("moves the log-delivery group's bucket grant to the logging service principal, limited to the owner's account", () => {
    const t = translateAcls({ ...base, bucketGrants: [...base.bucketGrants, group(LOG_DELIVERY, "WRITE")] });
    expect(t.statements).toEqual([
      expect.objectContaining({
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: ["s3:PutObject"],
        Resource: ["arn:aws:s3:::b/*"],
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      }),
    ]);
  });

  it("never makes anything public unless asked, and asks for the principals it does not know", () => {
    const grants = [
      { ...group(ALL_USERS, "READ"), objects: 1, covers: [{ prefix: "public/", exact: false }] },
      { ...user("stranger", "READ"), objects: 2, covers: [{ prefix: "s/", exact: false }] },
    ];
    const t = translateAcls({ ...base, objectGrants: grants });
    expect(t.statements).toEqual([]);
    expect(t.publicLeftOut).toEqual([{ grantee: "AllUsers", permission: "READ", objects: 1 }]);
    expect(t.unresolved).toEqual([{ grantee: "stranger", granteeType: "CanonicalUser", objects: 2 }]);
    const chosen = translateAcls({ ...base, objectGrants: grants, includePublic: true });
    expect(chosen.statements.map((s) => s.Principal)).toEqual(["*"]);
    // AuthenticatedUsers is any AWS identity, never an anonymous request.
    const authenticated = translateAcls({
      ...base,
      includePublic: true,
      objectGrants: [
        { ...group(AUTHENTICATED_USERS, "READ"), objects: 1, covers: [{ prefix: "p/", exact: false }] },
      ],
    });
    expect(authenticated.statements[0]!.Condition).toEqual({
      StringNotEquals: { "aws:PrincipalType": "Anonymous" },
    });
    // A bucket grant the policy cannot keep is named: resetting the ACL would drop it.
    const bucket = translateAcls({ ...base, bucketGrants: [...base.bucketGrants, user("stranger", "READ")] });
    expect(bucket.bucketGrantsLeftOut).toEqual(["READ to stranger"]);
    // A group Ownerscope cannot translate is asked about by its own name, not the bucket owner's.
    const unknownGroup = translateAcls({
      ...base,
      objectGrants: [
        {
          ...group("http://acs.example/groups/Other", "READ"),
          objects: 1,
          covers: [{ prefix: "p/", exact: false }],
        },
      ],
    });
    expect(unknownGroup.unresolved.map((u) => u.grantee)).toEqual(["http://acs.example/groups/Other"]);
  });

  it("merges into the current policy, replacing what an earlier translation wrote, and says when it does not fit", () => {
    const current = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Keep",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/p/*",
        },
        {
          Sid: `${SID_PREFIX}9`,
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/old/*",
        },
      ],
    });
    const many = Array.from({ length: 800 }, (_, i) => ({ prefix: `folder-${i}/`, exact: false }));
    const t = translateAcls({
      ...base,
      policy: current,
      objectGrants: [{ ...user(PARTNER, "READ"), objects: 800, covers: many }],
    });
    const after = JSON.parse(t.after) as { Statement: { Sid: string }[] };
    expect(after.Statement.map((s) => s.Sid)).toEqual(["Keep", `${SID_PREFIX}1`]);
    expect(t.size).toBeGreaterThan(POLICY_LIMIT);
    expect(t.fits).toBe(false);
    expect(t.notes[0]).toMatch(/over S3's 20480-byte limit/);
  });
});

describe("policy statements about ACL headers", () => {
  it("tells a statement that requires another ACL from one that requires bucket-owner-full-control", () => {
    const policy = JSON.stringify({
      Statement: [
        {
          Sid: "Pub",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::1:root" },
          Action: "s3:PutObject",
          Resource: "*",
          Condition: { StringEquals: { "s3:x-amz-acl": "public-read" } },
        },
        {
          Sid: "Grant",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: "*",
          Condition: { StringLike: { "s3:x-amz-grant-read": "*" } },
        },
        {
          Sid: "Deny",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: "*",
          Condition: { StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        { Sid: "Plain", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" },
      ],
    });
    expect(
      aclConditions(policy).map((c) => [c.sid, c.requiresOtherAcl, c.requiresBucketOwnerFullControl]),
    ).toEqual([
      ["Pub", true, false],
      ["Grant", true, false],
      ["Deny", false, true],
    ]);
    expect(aclConditions("{not json")).toEqual([]);
  });
});

describe("the readiness report", () => {
  const input: ReadinessInput = {
    bucket: "b",
    ownerId: OWNER,
    objectOwnership: { value: "ObjectWriter", confirmed: true, note: null },
    bucketGrants: [user(OWNER, "FULL_CONTROL"), group(LOG_DELIVERY, "WRITE")],
    policy: { readable: true, document: null },
    objectGrants: [{ ...user(PARTNER, "READ"), objects: 2, prefixes: { "shared/": 2 } }],
    aclsUnread: 0,
    groupsOverflow: false,
    foreign: { objects: 4, owners: 1 },
    evidence: null,
    names: { [PARTNER]: "Partner" },
  };

  it("blocks on a bucket grant outside the account, with the logging remedy for the log-delivery group", () => {
    const r = assessReadiness(input);
    expect(r.ready).toBe(false);
    const block = r.items.find((i) => i.severity === "blocks")!;
    expect(block.id).toBe(`bucket-acl:${LOG_DELIVERY}:WRITE`);
    expect(block.remedy).toMatch(/logging\.s3\.amazonaws\.com.*aws:SourceArn.*aws:SourceAccount/);
    expect(r.items.find((i) => i.severity === "reader-loses")!.title).toBe(
      "Partner (partner-canonical) loses READ on 2 objects",
    );
    expect(r.counts).toMatchObject({ blocks: 1, "reader-loses": 1, "writer-refused": 0 });
  });

  it("counts the noncurrent versions whose own grants the policy cannot keep, as breakers of their own", () => {
    const r = assessReadiness({
      ...input,
      bucketGrants: [user(OWNER, "FULL_CONTROL")],
      objectGrants: [{ ...user(PARTNER, "READ"), objects: 5, noncurrent: 3, prefixes: { "shared/": 5 } }],
    });
    const versions = r.items.find((i) => i.id === `object-version-acl:${PARTNER}:READ`)!;
    expect(versions).toMatchObject({
      severity: "reader-loses",
      title: "Partner (partner-canonical) loses READ on 3 noncurrent versions",
    });
    expect(markKept(r, []).items.find((i) => i.id === versions.id)!.keptByPolicy).toBeUndefined();
  });

  it("is ready when only facts remain", () => {
    const r = assessReadiness({ ...input, bucketGrants: [user(OWNER, "FULL_CONTROL")], objectGrants: [] });
    expect(r.ready).toBe(true);
    expect(r.items.map((i) => i.id)).toEqual(["foreign-objects", "no-evidence"]);
  });
});

describe("what the policy keeps, on the readiness report", () => {
  it("marks the grants it carries, and leaves public, unknown and scattered ones as breakers", async () => {
    const { assessReadiness, markKept } = await import("@/lib/migrate/readiness");
    const { enforceHold } = await import("@/lib/migrate/steps");
    const covers = [{ prefix: "p/", exact: false }];
    const t = translateAcls({
      ...base,
      objectGrants: [
        { ...user(PARTNER, "READ"), objects: 1, covers },
        { ...user("stranger", "READ"), objects: 1, covers },
        { ...group(ALL_USERS, "READ"), objects: 1, covers },
        { ...user(PARTNER, "READ_ACP"), objects: 1, covers: null },
      ],
    });
    const readiness = assessReadiness({
      bucket: "b",
      ownerId: OWNER,
      objectOwnership: { value: "ObjectWriter", confirmed: true, note: null },
      bucketGrants: [],
      policy: { readable: true, document: null },
      objectGrants: [
        { ...user(PARTNER, "READ"), objects: 1, prefixes: {} },
        { ...user("stranger", "READ"), objects: 1, prefixes: {} },
        { ...group(ALL_USERS, "READ"), objects: 1, prefixes: {} },
        { ...user(PARTNER, "READ_ACP"), objects: 1, prefixes: {} },
      ],
      aclsUnread: 0,
      groupsOverflow: false,
      foreign: { objects: 0, owners: 0 },
      evidence: null,
      names: {},
    });
    const kept = markKept(readiness, t.notTranslated);
    expect(kept.items.filter((i) => i.keptByPolicy).map((i) => i.id)).toEqual([`object-acl:${PARTNER}:READ`]);
    const confirmed = { value: "ObjectWriter", confirmed: true };
    expect(enforceHold(kept.items, confirmed, false)).toMatch(/^3 readers or writers would break/);
    expect(enforceHold(kept.items, confirmed, true)).toBeNull();
    // An endpoint without Object Ownership stops at its own sentence, not here.
    expect(enforceHold(kept.items, { value: "ObjectWriter", confirmed: false }, false)).toBeNull();
  });

  it("marks a requester the logs show reading through ACLs kept when the policy keeps every grant it holds", async () => {
    const { assessReadiness, markKept } = await import("@/lib/migrate/readiness");
    const { enforceHold } = await import("@/lib/migrate/steps");
    const reads = (requester: string) => ({
      requester,
      accountId: null,
      requests: 3,
      firstSeen: "2026-11-01T00:00:00Z",
      lastSeen: "2026-11-02T00:00:00Z",
      operations: { "REST.GET.OBJECT": 3 },
      prefixes: { "p/": 3 },
      readsThroughAcl: 3,
      writesThroughAcl: 0,
      writesWithOtherAcl: 0,
      aclsSent: [],
    });
    const t = translateAcls({
      ...base,
      objectGrants: [{ ...user(PARTNER, "READ"), objects: 1, covers: [{ prefix: "p/", exact: false }] }],
    });
    const readiness = assessReadiness({
      bucket: "b",
      ownerId: OWNER,
      objectOwnership: { value: "ObjectWriter", confirmed: true, note: null },
      bucketGrants: [],
      policy: { readable: true, document: null },
      objectGrants: [{ ...user(PARTNER, "READ"), objects: 1, prefixes: {} }],
      aclsUnread: 0,
      groupsOverflow: false,
      foreign: { objects: 0, owners: 0 },
      evidence: {
        sources: { accessLogLines: 6, cloudTrailRecords: 0, skipped: 0, files: 1 },
        from: null,
        to: null,
        requesters: [reads(PARTNER), reads("no-grant-known")],
        otherRequesters: 0,
        otherRequests: 0,
      },
      names: {},
    });
    const kept = markKept(readiness, t.notTranslated);
    expect(kept.items.filter((i) => i.keptByPolicy).map((i) => i.id)).toEqual([
      `object-acl:${PARTNER}:READ`,
      `evidence-read:${PARTNER}`,
    ]);
    // Only the requester whose access no grant explains holds enforcing back.
    expect(enforceHold(kept.items, { value: "ObjectWriter", confirmed: true }, false)).toMatch(
      /^1 readers or writers would break/,
    );
  });
});
