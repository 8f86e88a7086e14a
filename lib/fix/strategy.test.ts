import { describe, expect, it } from "vitest";
import { decide, type FixAbilities, type FixSubject } from "@/lib/fix/strategy";

const B = "bucket-owner-id";
const A = "writer-id";
const subject = (over: Partial<FixSubject>): FixSubject => ({
  key: "k",
  versionId: null,
  isLatest: null,
  deleteMarker: false,
  ownerId: A,
  status: "foreign-locked",
  grants: null,
  bucketOwnerAccess: "none",
  size: 10,
  storageClass: "STANDARD",
  etag: '"e"',
  reason: null,
  ...over,
});
const can = (over: Partial<FixAbilities> = {}): FixAbilities => ({
  bucketOwnerId: B,
  fixers: new Set([A]),
  ownerCanWrite: true,
  accountName: (id) => (id === A ? "Data team" : id),
  ...over,
});

describe("default strategy", () => {
  it("locked with a fixer: reput, then take ownership when the bucket owner can write", () => {
    expect(decide(subject({}), can(), null)).toEqual({
      kind: "fix",
      strategy: "reput",
      then: "take-ownership",
      actor: "fixer",
    });
    expect(decide(subject({}), can({ ownerCanWrite: false }), null)).toMatchObject({
      strategy: "reput",
      then: null,
    });
  });

  it("locked without a fixer: says what would make a fix possible", () => {
    expect(decide(subject({}), can({ fixers: new Set() }), null)).toEqual({
      kind: "impossible",
      reason: "configure a fixer for Data team, or enforce the bucket",
    });
  });

  it("readable or full control: the bucket owner takes ownership", () => {
    for (const status of ["foreign-readable", "foreign-full-control"] as const) {
      expect(decide(subject({ status, grants: [] }), can(), null)).toMatchObject({
        kind: "fix",
        strategy: "take-ownership",
        actor: "bucket-owner",
      });
    }
  });

  it("readable but with an ACL the scan could not read: the owner's fixer re-puts first, so its grants are kept", () => {
    expect(decide(subject({ status: "foreign-readable", grants: null }), can(), null)).toMatchObject({
      strategy: "reput",
      then: "take-ownership",
    });
    expect(
      decide(subject({ status: "foreign-readable", grants: null }), can({ fixers: new Set() }), null),
    ).toMatchObject({ strategy: "take-ownership" });
  });

  it("full control without an owner write profile is already reput's end state", () => {
    expect(
      decide(subject({ status: "foreign-full-control" }), can({ ownerCanWrite: false }), null).kind,
    ).toBe("skip");
    expect(
      decide(subject({ status: "foreign-readable" }), can({ ownerCanWrite: false }), null),
    ).toMatchObject({ strategy: "reput" });
  });

  it("owned keys are skipped; unknown ones and delete markers cannot be fixed", () => {
    expect(decide(subject({ status: "owned", ownerId: B }), can(), null)).toEqual({
      kind: "skip",
      reason: "already owned by the bucket owner",
    });
    expect(decide(subject({ status: "unknown", reason: "503 SlowDown" }), can(), null)).toMatchObject({
      kind: "impossible",
      reason: expect.stringContaining("503 SlowDown"),
    });
    expect(decide(subject({ deleteMarker: true, versionId: "v", isLatest: true }), can(), null).kind).toBe(
      "impossible",
    );
  });
});

describe("requested strategies", () => {
  it("take-ownership needs the bucket owner to be able to read", () => {
    expect(decide(subject({}), can(), "take-ownership")).toMatchObject({
      kind: "impossible",
      reason: expect.stringContaining("reput or grant it through a fixer for Data team first"),
    });
    expect(
      decide(subject({ status: "foreign-readable" }), can({ ownerCanWrite: false }), "take-ownership").kind,
    ).toBe("impossible");
  });

  it("reput and grant need the owner's fixer, and skip what already gives full control", () => {
    expect(decide(subject({}), can({ fixers: new Set() }), "grant")).toMatchObject({ kind: "impossible" });
    expect(decide(subject({}), can(), "grant")).toMatchObject({ kind: "fix", strategy: "grant", then: null });
    expect(decide(subject({ status: "foreign-full-control" }), can(), "reput")).toMatchObject({
      kind: "skip",
      reason: expect.stringContaining("end state"),
    });
  });

  it("a noncurrent version can only be granted: a copy would make a new current version", () => {
    const old = subject({ versionId: "v1", isLatest: false });
    expect(decide(old, can(), null)).toMatchObject({ kind: "fix", strategy: "grant" });
    expect(decide(old, can(), "reput")).toMatchObject({
      kind: "impossible",
      reason: expect.stringContaining("noncurrent"),
    });
    expect(decide(old, can({ fixers: new Set() }), null).kind).toBe("impossible");
  });
});
