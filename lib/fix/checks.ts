import { accessFromGrants } from "@/lib/audit/classify";
import type { Classification } from "@/lib/audit/types";
import type { Grant } from "@/lib/audit/types";
import { describeGrant, otherGrants, planGrants, sameGrants, type GrantPlan } from "@/lib/fix/grants";
import type { ReadFailure } from "@/lib/fix/snapshot";

// What a fix decides from what it reads, with no I/O: whether a write may go ahead on the state the plan saw, whether
// a step's end state is already there (a crash after the write), and whether the result is what was planned.

/**
 * The owner and grants an identity sees on an object right now; grants are null where its ACL is not readable. The
 * ETag is there where a listing was read (null: not known).
 */
export type Seen =
  { kind: "ok"; ownerId: string | null; grants: Grant[] | null; etag?: string | null } | ReadFailure;

/**
 * The state a write was planned against: who owns the object and every grant it had (null: not readable then),
 * and its ETag where the plan knew it.
 */
export type Expected = { ownerId: string | null; grants: Grant[] | null; etag?: string | null };

const unquoted = (etag: string) => etag.replace(/"/g, "");
/** Whether both ETags are known and differ: other content than the plan saw. */
const otherContent = (seen: string | null | undefined, planned: string | null | undefined) =>
  Boolean(seen && planned && unquoted(seen) !== unquoted(planned));

export type Verdict =
  | { kind: "go"; grants: Grant[] | null; plan: GrantPlan }
  | {
      kind: "stop";
      state: "skipped" | "changed-since-scan" | "failed";
      reason: string;
      grants: Grant[] | null;
    };

/**
 * Decides whether a write may go ahead on what the writer sees now. A different owner means the object was fixed or
 * rewritten since the plan (skipped as already fixed, or changed since scan); a different ACL, changed since scan.
 * The grants beyond the owner and the bucket owner are restated; where the plan could not see them, one the fix
 * would drop (a public grant, one that cannot be restated) stops it: nothing is lost that the plan did not announce.
 */
export function judge(
  seen: Extract<Seen, { kind: "ok" }>,
  expected: Expected,
  bucketOwnerId: string,
  keepPublic: boolean,
): Verdict {
  const grants = seen.grants;
  if (seen.ownerId !== expected.ownerId) {
    if (seen.ownerId === bucketOwnerId && otherContent(seen.etag, expected.etag))
      return {
        kind: "stop",
        state: "changed-since-scan",
        reason: "rewritten since it was planned: the bucket owner wrote it anew and owns it",
        grants,
      };
    return seen.ownerId === bucketOwnerId
      ? { kind: "stop", state: "skipped", reason: "already fixed: the bucket owner owns it now", grants }
      : {
          kind: "stop",
          state: "changed-since-scan",
          reason: `the owner changed since it was planned (now ${seen.ownerId ?? "unknown"})`,
          grants,
        };
  }
  if (expected.grants && grants && !sameGrants(expected.grants, grants)) {
    return {
      kind: "stop",
      state: "changed-since-scan",
      reason: "its ACL changed since it was planned",
      grants,
    };
  }
  if (grants === null && expected.grants === null) {
    // Neither the scan nor the writer may read the ACL (a bucket owner holding READ only): a copy would drop
    // whatever grants it has, unseen. The owner's fixer can read them (reput, then take-ownership).
    return {
      kind: "stop",
      state: "failed",
      reason:
        "neither the scan nor the writer could read its ACL, so its grants could not be kept: reput it through a fixer for its owner",
      grants,
    };
  }
  const known = grants ?? expected.grants ?? [];
  const plan = planGrants(otherGrants(known, [seen.ownerId, bucketOwnerId]), keepPublic);
  if (expected.grants === null && plan.dropped.length > 0) {
    const what = plan.dropped.map((d) => describeGrant(d.grant)).join(", ");
    return {
      kind: "stop",
      state: "failed",
      reason: `the fix would drop grants the plan could not see (${what}): plan it again`,
      grants,
    };
  }
  return { kind: "go", grants, plan };
}

/**
 * Whether what the writer sees is already a step's end state (after a job stopped between sending a copy and
 * recording it): the bucket owner owns it (take-ownership), or its owner still does and the bucket owner has full
 * control (reput).
 */
export function endStateReached(
  seen: Extract<Seen, { kind: "ok" }>,
  strategy: string,
  ownerBefore: string | null,
  bucketOwnerId: string,
): boolean {
  if (strategy === "take-ownership") return seen.ownerId === bucketOwnerId;
  return (
    seen.ownerId === ownerBefore &&
    seen.grants !== null &&
    accessFromGrants(seen.grants, bucketOwnerId) === "full-control"
  );
}

/** Whether a verified end state keeps exactly the grants the write restated (beyond the owners and bucket owner). */
export function keptAsPlanned(
  after: Grant[] | null,
  kept: readonly Grant[],
  owners: readonly (string | null)[],
): boolean {
  if (after === null) return kept.length === 0;
  return sameGrants(otherGrants(after, owners), kept);
}

/**
 * What is wrong with a step's end state, or null: the promised owner and access, and exactly the grants it restated
 * beyond the owners.
 */
export function endStateProblem(
  strategy: string,
  ownerBefore: string | null,
  c: Classification,
  kept: Grant[],
  bucketOwnerId: string,
): string | null {
  if (strategy === "take-ownership" && c.ownerId !== bucketOwnerId)
    return `verification: the owner is ${c.ownerId ?? "unknown"}, not the bucket owner`;
  if (c.bucketOwnerAccess !== "full-control" && c.status !== "owned")
    return `verification: the bucket owner's access is ${c.bucketOwnerAccess}, not full-control`;
  if (c.ownerId !== ownerBefore && c.ownerId !== bucketOwnerId)
    return `verification: unexpected owner ${c.ownerId}`;
  if (!keptAsPlanned(c.grants, kept, [ownerBefore, c.ownerId, bucketOwnerId]))
    return "verification: the grants beyond the owners are not the ones restated";
  return null;
}

/** The key's current version still the one planned, where the plan knew it (a versioned bucket scanned so). */
export const stillPlannedVersion = (plannedVersion: string | null, seen: string | null) =>
  !plannedVersion || (plannedVersion === "null" ? (seen ?? "null") : seen) === plannedVersion;
