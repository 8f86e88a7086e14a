import type { BucketOwnerAccess, Grant, ObjectStatus } from "@/lib/audit/types";

export const strategies = ["reput", "grant", "take-ownership", "enforce"] as const;
export type Strategy = (typeof strategies)[number];

/** What the fix-ups know of one object, from a scan's finding. */
export type FixSubject = {
  key: string;
  versionId: string | null;
  isLatest: boolean | null;
  deleteMarker: boolean;
  ownerId: string | null;
  status: ObjectStatus | null;
  bucketOwnerAccess: BucketOwnerAccess | null;
  size: number;
  storageClass: string | null;
  etag: string | null;
  reason: string | null;
  /** Every grant of its ACL, where the scan could read it. */
  grants: Grant[] | null;
  /** When S3 says the object was last written, where the reading that found it says (a listing does). */
  lastModified?: string | null;
};

export type FixAbilities = {
  bucketOwnerId: string;
  /** Foreign accounts (canonical IDs) with a fixer configured: only they can re-put or grant their objects. */
  fixers: ReadonlySet<string>;
  /** The bucket owner has a write identity to copy objects onto themselves (take ownership). */
  ownerCanWrite: boolean;
  accountName: (canonicalId: string) => string;
};

export type Decision =
  | {
      kind: "fix";
      strategy: Exclude<Strategy, "enforce">;
      then: "take-ownership" | null;
      actor: "fixer" | "bucket-owner";
    }
  | { kind: "skip"; reason: string }
  | { kind: "impossible"; reason: string };

const readable = (s: FixSubject) => s.status === "foreign-full-control" || s.status === "foreign-readable";

/**
 * Chooses what to do with one object: the requested strategy if it can work here, else the default for its status
 * and the identities configured. When nothing can work it says what would make something possible.
 */
// eslint-disable-next-line max-lines-per-function -- the strategy choice is one ordered list of conditions; split, the order that makes it correct would be spread over files
export function decide(
  subject: FixSubject,
  can: FixAbilities,
  requested: Exclude<Strategy, "enforce"> | null,
): Decision {
  const owner = subject.ownerId;
  const name = owner ? can.accountName(owner) : "the owner";
  if (subject.status === null || subject.status === "unknown") {
    return {
      kind: "impossible",
      reason: `its status is unknown (${subject.reason ?? "not classified"}); scan it again`,
    };
  }
  if (subject.status === "owned" || owner === can.bucketOwnerId) {
    return { kind: "skip", reason: "already owned by the bucket owner" };
  }
  if (subject.deleteMarker) {
    return {
      kind: "impossible",
      reason: "a delete marker has no data or ACL to fix: delete it, or enforce the bucket",
    };
  }
  const hasFixer = owner !== null && can.fixers.has(owner);
  const noncurrent = subject.versionId !== null && subject.isLatest === false;
  const noFixer = `configure a fixer for ${name}`;

  if (noncurrent) {
    // A copy in place would make a new current version and leave this one as it is: only an ACL change reaches it.
    if (requested && requested !== "grant") {
      return {
        kind: "impossible",
        reason: `${requested} cannot reach a noncurrent version (a copy makes a new current version); use grant`,
      };
    }
    if (subject.status === "foreign-full-control")
      return { kind: "skip", reason: "the bucket owner already has full control" };
    return hasFixer
      ? { kind: "fix", strategy: "grant", then: null, actor: "fixer" }
      : {
          kind: "impossible",
          reason: `${noFixer} to grant this noncurrent version, delete it, or enforce the bucket`,
        };
  }

  if (requested === "reput" || requested === "grant") {
    if (subject.status === "foreign-full-control") {
      return {
        kind: "skip",
        reason: `already in ${requested}'s end state: the bucket owner has full control`,
      };
    }
    return hasFixer
      ? { kind: "fix", strategy: requested, then: null, actor: "fixer" }
      : { kind: "impossible", reason: `${requested} is done by the owning account: ${noFixer}` };
  }
  if (requested === "take-ownership") {
    if (!can.ownerCanWrite)
      return { kind: "impossible", reason: "configure the bucket owner's write profile to take ownership" };
    return readable(subject)
      ? { kind: "fix", strategy: "take-ownership", then: null, actor: "bucket-owner" }
      : {
          kind: "impossible",
          reason: `the bucket owner cannot read it yet: reput or grant it through a fixer for ${name} first`,
        };
  }

  // The default: become the owner where the bucket owner can read; else have the owner re-put it, then take it.
  // Where the scan could not read the ACL, the bucket owner cannot either (it holds READ only), so a copy of its own
  // could not keep the other grants: the owner's fixer can read them, so it re-puts first where there is one.
  if (readable(subject) && can.ownerCanWrite && (subject.grants !== null || !hasFixer))
    return { kind: "fix", strategy: "take-ownership", then: null, actor: "bucket-owner" };
  if (hasFixer) {
    if (subject.status === "foreign-full-control")
      return { kind: "skip", reason: "the bucket owner already has full control" };
    return {
      kind: "fix",
      strategy: "reput",
      then: can.ownerCanWrite ? "take-ownership" : null,
      actor: "fixer",
    };
  }
  return {
    kind: "impossible",
    reason: readable(subject)
      ? `configure the bucket owner's write profile to take ownership, or ${noFixer}`
      : `${noFixer}, or enforce the bucket`,
  };
}
