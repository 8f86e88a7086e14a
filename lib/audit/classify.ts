import {
  ALL_USERS,
  AUTHENTICATED_USERS,
  type AclOutcome,
  type BucketOwnerAccess,
  type Classification,
  type Grant,
  type HeadOutcome,
  type ScanMode,
} from "@/lib/audit/types";

/** What the bucket owner holds on an object, from grants to its canonical ID alone. */
export function accessFromGrants(grants: readonly Grant[], bucketOwnerId: string): BucketOwnerAccess {
  const mine = grants.filter((g) => g.granteeType === "CanonicalUser" && g.grantee === bucketOwnerId);
  if (mine.some((g) => g.permission === "FULL_CONTROL")) return "full-control";
  if (mine.some((g) => g.permission === "READ")) return "read";
  return "none";
}

function hasPublicGrant(grants: readonly Grant[]): boolean {
  return grants.some(
    (g) => g.granteeType === "Group" && (g.grantee === ALL_USERS || g.grantee === AUTHENTICATED_USERS),
  );
}

/** Which requests a key needs in a mode: `full` reads every ACL, `fast` only those of keys not the bucket owner's. */
export function needsAclCheck(mode: ScanMode, listedOwnerId: string | null, bucketOwnerId: string): boolean {
  return mode === "full" || listedOwnerId !== bucketOwnerId;
}

/** A HeadObject probe is worth sending only when the ACL could not tell whether the bucket owner can read. */
export function needsHeadProbe(acl: AclOutcome): boolean {
  return acl.kind === "denied";
}

/**
 * Classifies one object (or version) from its listed owner, its ACL outcome and, where the ACL was denied, a
 * HeadObject probe. A 403 is a signal, not an error: on AWS GetObjectAcl is denied for exactly the objects we hunt,
 * while role sessions on RGW get 200 and an ACL without a grant for the bucket owner. Both land on the same status.
 */
export function classify(input: {
  bucketOwnerId: string;
  listedOwnerId: string | null;
  acl: AclOutcome;
  head: HeadOutcome;
}): Classification {
  const { bucketOwnerId, acl, head } = input;
  const ownerId = (acl.kind === "ok" ? acl.ownerId : null) ?? input.listedOwnerId;
  const grants = acl.kind === "ok" ? acl.grants : null;
  const publicGrant = grants ? hasPublicGrant(grants) : null;
  const unknown = (reason: string): Classification => ({
    ownerId,
    status: "unknown",
    bucketOwnerAccess: "unknown",
    publicGrant,
    grants,
    reason,
  });

  if (acl.kind === "missing" || head.kind === "missing")
    return unknown("the object was deleted during the scan");
  if (ownerId === null) {
    if (acl.kind === "failed")
      return unknown(`no owner in the listing, and GetObjectAcl failed: ${acl.reason}`);
    return unknown("the listing reported no owner and the ACL could not be read (is FetchOwner supported?)");
  }

  if (ownerId === bucketOwnerId) {
    // The owner always holds FULL_CONTROL of its own object, whatever else the ACL says.
    return { ownerId, status: "owned", bucketOwnerAccess: "full-control", publicGrant, grants, reason: null };
  }

  switch (acl.kind) {
    case "ok": {
      const access = accessFromGrants(acl.grants, bucketOwnerId);
      const status =
        access === "full-control"
          ? "foreign-full-control"
          : access === "read"
            ? "foreign-readable"
            : "foreign-locked";
      return { ownerId, status, bucketOwnerAccess: access, publicGrant, grants, reason: null };
    }
    case "denied":
      if (head.kind === "ok") {
        return {
          ownerId,
          status: "foreign-readable",
          bucketOwnerAccess: "read",
          publicGrant,
          grants,
          reason: null,
        };
      }
      if (head.kind === "denied") {
        return {
          ownerId,
          status: "foreign-locked",
          bucketOwnerAccess: "none",
          publicGrant,
          grants,
          reason: null,
        };
      }
      return unknown(
        head.kind === "failed"
          ? `GetObjectAcl was denied and HeadObject failed: ${head.reason}`
          : "GetObjectAcl was denied and HeadObject was not tried",
      );
    case "failed":
      return unknown(`GetObjectAcl failed: ${acl.reason}`);
    case "not-checked":
      return unknown("foreign owner, but its ACL was not checked");
  }
}

/** A delete marker has no ACL and no body: only its owner can be known. */
export function classifyDeleteMarker(bucketOwnerId: string, ownerId: string | null): Classification {
  if (ownerId === null) {
    return {
      ownerId,
      status: "unknown",
      bucketOwnerAccess: "unknown",
      publicGrant: null,
      grants: null,
      reason: "the delete marker's owner was not reported",
    };
  }
  const owned = ownerId === bucketOwnerId;
  return {
    ownerId,
    status: owned ? "owned" : "foreign-locked",
    bucketOwnerAccess: owned ? "full-control" : "none",
    publicGrant: null,
    grants: null,
    reason: null,
  };
}
